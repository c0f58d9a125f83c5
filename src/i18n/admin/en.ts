/** English for the supporters' admin texts (keys start with 'admin.'). ru.ts and da.ts hold the same keys. */
export const en = {
} satisfies Record<`admin.${string}`, string>;
