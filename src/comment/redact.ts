/** Remove secrets from text before it is printed or put into an error. */
export function redact(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('***');
  return out;
}

/** The tokens in the environment that must never be printed. */
export function secretsOf(env: Record<string, string | undefined>): string[] {
  return ['GITHUB_TOKEN', 'GH_TOKEN', 'GITLAB_TOKEN', 'CI_JOB_TOKEN'].map((k) => env[k]).filter((v): v is string => Boolean(v));
}
