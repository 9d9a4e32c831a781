export * from './auth/auth.schemas.ts';
export * from './org/employee-import.ts';
export * from './org/org.schemas.ts';
export * from './org/settings.schemas.ts';
export * from './shared/errors.ts';
export * from './shared/messages.ts';
export * from './shared/spreadsheet.ts';
