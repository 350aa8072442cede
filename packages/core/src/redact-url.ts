/**
 * Secrets in URLs a user gives (Redis queues): hidden wherever a URL or a message about it is printed,
 * whether the URL is well formed or not.
 * @packageDocumentation
 */

/**
 * A URL with its secrets replaced by `***`: the password (or a user name given alone, which may be one) and
 * any `password` parameter. A string that is not a well-formed URL loses everything between its scheme and
 * its last `@`, and any `password=` value, so a mistyped URL never prints its password either.
 * @example `redactUrl("redis://:secret@127.0.0.1:6379/2")` is `"redis://:***@127.0.0.1:6379/2"`.
 */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (!/^[a-z][a-z0-9+.-]*:\/\/[^\s/@]*@?[^\s]*$/i.test(url)) throw new TypeError("not a plain URL");
    if (u.password !== "") u.password = "***";
    else if (u.username !== "") u.username = "***";
    if (u.searchParams.has("password")) u.searchParams.set("password", "***");
    return u.href.replace(/%2A%2A%2A/g, "***");
  } catch {
    // Not a well-formed URL: hide whatever could be a user and password (everything up to the last "@").
    const at = url.lastIndexOf("@");
    let out = url;
    if (at >= 0) {
      const scheme = /^[a-z][a-z0-9+.-]*:\/{0,2}/i.exec(url)?.[0] ?? "";
      out = `${scheme}***${url.slice(at)}`;
    }
    return out.replace(/([?&;]\s*password\s*=)[^&\s]*/gi, "$1***");
  }
}

/** Every form of a URL's secrets (raw and percent-decoded), to scrub from messages that might echo them. */
export function urlSecrets(url: string): string[] {
  const found = new Set<string>();
  const add = (p: string | null | undefined): void => {
    if (p === null || p === undefined || p === "") return;
    found.add(p);
    try {
      const d = decodeURIComponent(p);
      if (d !== "") found.add(d);
    } catch {
      // keep the raw form only
    }
  };
  try {
    const u = new URL(url);
    add(u.password);
    if (u.password === "") add(u.username);
    add(u.searchParams.get("password"));
  } catch {
    // not a URL: the fallback below covers it
  }
  // Whatever redactUrl's fallback hides: between the scheme and the last "@", and after "password=".
  const at = url.lastIndexOf("@");
  if (at >= 0) {
    const scheme = /^[a-z][a-z0-9+.-]*:\/{0,2}/i.exec(url)?.[0] ?? "";
    const userinfo = url.slice(scheme.length, at);
    add(userinfo);
    const colon = userinfo.indexOf(":");
    if (colon >= 0) add(userinfo.slice(colon + 1));
  }
  for (const m of url.matchAll(/password\s*=([^&\s]*)/gi)) add(m[1]);
  return [...found].filter((s) => s.length >= 3).sort((a, b) => b.length - a.length);
}

/** A function replacing every form of a URL's secrets in a message with `***`. */
export function urlScrubber(url: string): (message: string) => string {
  const secrets = urlSecrets(url);
  return (message) => secrets.reduce((m, s) => m.split(s).join("***"), message);
}
