// Every domain's tables in one place: drizzle-kit generates the migrations from them (db/migrations).
export * from './supporters/schema.ts';
export * from './line/schema.ts';
export * from './chat/schema.ts';
export * from './realtime/schema.ts';
export * from './visitor/schema.ts';
export * from './team/schema.ts';
export * from './handover/schema.ts';
export * from './canned/schema.ts';
export * from './mail/schema.ts';
export * from './files/schema.ts';
export * from './hours/schema.ts';
export * from './widget/schema.ts';
export * from './transcripts/schema.ts';
export * from './audit/schema.ts';
export * from './branding/schema.ts';
export * from './groups/schema.ts';
export * from './offers/schema.ts';
