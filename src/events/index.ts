export * from './contacts-select.js';
export * from './contact-save.js';
export * from './contact-saved.js';
export * from './company-save.js';
export * from './company-saved.js';
export * from './conversation-start.js';
export * from './conversation-started.js';
export * from './contacts-error.js';
