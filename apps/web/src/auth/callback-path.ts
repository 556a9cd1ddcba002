/** Where the identity provider sends the browser back, with the code. */
export const callbackPath = '/auth/callback';
