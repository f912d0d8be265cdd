// What the HTTP server (server/http.ts) hands every loader and action.
declare module 'react-router' {
  interface AppLoadContext {
    /** the address of the client (the socket's peer, or what a trusted proxy put in X-Forwarded-For: see TRUST_PROXY) */
    clientAddress: string
    /** the Content-Security-Policy nonce of this response (absent in development) */
    cspNonce?: string
  }
}

export {}
