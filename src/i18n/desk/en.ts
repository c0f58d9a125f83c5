/** English for the supporters' desk texts (keys start with 'desk.'). ru.ts and da.ts hold the same keys. */
export const en = {
} satisfies Record<`desk.${string}`, string>;
