/** English for the supporters' teamwork texts (keys start with 'teamwork.'). ru.ts and da.ts hold the same keys. */
export const en = {
} satisfies Record<`teamwork.${string}`, string>;
