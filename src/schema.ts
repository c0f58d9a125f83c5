// Every domain's tables in one place, for drizzle-kit and for typed queries.
export * from './supporters/schema.ts';
export * from './line/schema.ts';
export * from './chat/schema.ts';
export * from './realtime/schema.ts';
