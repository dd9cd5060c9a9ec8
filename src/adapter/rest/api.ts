/**
 * The types of `openapi.yaml`, as `openapi-typescript` generates them into `api-types.ts`
 * (`npm run generate:api`; `npm run check:api` fails when the file is stale), and the proof that
 * the model's types are the contract's: every pair below must be mutually assignable, or this
 * file does not type-check. The REST adapter, its response checks and the msw handlers use these
 * names, so the three cannot drift from the contract nor from each other. Types only.
 */
import type {
  ArrivingConversation,
  Company,
  CompanyDraft,
  CompanyPatch,
  Contact,
  ContactDraft,
  ContactPatch,
  ConversationSummary,
  ResolveResult,
} from '../../model/types.js';
import type {
  ContactsChange,
  DeleteResult,
  MergeChoices,
  MergeOptions,
  MergeResult,
  RestorePoint,
  RestoreResult,
} from '../types.js';
import type { components, operations } from './api-types.js';

export type ApiSchemas = components['schemas'];
export type ApiOperations = operations;

/** The body of an error answer. */
export type ApiError = ApiSchemas['Error'];
export type ApiErrorCode = ApiError['error']['code'];

/** A page as the contract describes it, for contacts or companies. */
export type ApiPage<T extends 'ContactPage' | 'CompanyPage'> = ApiSchemas[T];

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;

/** Compile-time checks only: the model and the contract describe the same values. */
export type ModelMatchesContract = [
  Assert<Same<Contact, ApiSchemas['Contact']>>,
  Assert<Same<Company, ApiSchemas['Company']>>,
  Assert<Same<ConversationSummary, ApiSchemas['ConversationSummary']>>,
  Assert<Same<ResolveResult, ApiSchemas['ResolveResult']>>,
  Assert<Same<ContactDraft, ApiSchemas['ContactDraft']>>,
  Assert<Same<ContactPatch, ApiSchemas['ContactPatch']>>,
  Assert<Same<Required<CompanyDraft>['name'], ApiSchemas['CompanyDraft']['name']>>,
  Assert<Same<Omit<CompanyDraft, 'name'>, Omit<ApiSchemas['CompanyDraft'], 'name'>>>,
  Assert<Same<CompanyPatch, ApiSchemas['CompanyPatch']>>,
  Assert<Same<ArrivingConversation, ApiSchemas['ArrivingConversation']>>,
  Assert<Same<ContactsChange, ApiSchemas['ContactsChange']>>,
  Assert<Same<MergeChoices, ApiSchemas['MergeChoices']>>,
  Assert<Same<RestorePoint, ApiSchemas['RestorePoint']>>,
  Assert<Same<MergeResult, ApiSchemas['MergeResult']>>,
  Assert<Same<MergeOptions['expectedVersions'], ApiSchemas['MergeRequest']['expectedVersions']>>,
  Assert<Same<DeleteResult, ApiSchemas['DeleteResult']>>,
  Assert<Same<RestoreResult, ApiSchemas['RestoreResult']>>,
];
