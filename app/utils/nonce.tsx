// The per-request nonce of the Content-Security-Policy (server/http.ts): React Router's inline
// scripts carry it. In the browser the value is empty, and does not need to be anything else:
// the scripts it guards ran before hydration.
import { createContext, useContext } from 'react'

const NonceContext = createContext('')

export const NonceProvider = NonceContext.Provider

export function useNonce() {
  return useContext(NonceContext)
}
