export * from './types.js';
export * from './email.js';
export * from './phone.js';
export * from './domain.js';
export * from './validation.js';
export * from './search.js';
export * from './matching.js';
