/**
 * Shortest password a user may choose, in characters. It equals the server's
 * MIN_PASSWORD_LENGTH (password-rules.test.ts checks that), which the server
 * enforces again on every password it sets.
 */
export const MIN_PASSWORD_LENGTH = 12;
