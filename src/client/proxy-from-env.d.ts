declare module 'proxy-from-env' {
  /** The proxy URL for this URL from *_PROXY / ALL_PROXY, '' when none applies or NO_PROXY covers it (reads process.env). */
  export function getProxyForUrl(url: string | URL): string;
}
