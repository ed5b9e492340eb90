// proxy-from-env ships no types; this is its one function.
declare module "proxy-from-env" {
  /** The proxy URL for `url` from `*_PROXY` / `NO_PROXY`, or `""` when none applies. */
  export function getProxyForUrl(url: string | URL): string;
}
