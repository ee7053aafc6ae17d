/**
 * The comment bot's one algorithm, shared by GitHub and GitLab: find our own comment (the
 * hidden marker AND our own author), create it or update it, never pile up duplicates.
 *
 * Two runs racing on the same pull request can both see "no comment yet" and both create
 * one. So after writing, the list is read again; when more than one of ours exists, the
 * oldest is kept (updated with this run's body if needed) and the others are deleted. A
 * delete that finds the comment already gone (the other run removed it) is fine.
 */

/** One comment as the provider lists it. */
export interface CommentRecord {
  id: number;
  author?: string;
  body: string;
  url?: string;
}

/** What the bot needs from a provider; the GitHub and GitLab modules implement it. */
export interface CommentApi {
  /** The token's own login, when the provider can tell (undefined: match on the marker only). */
  whoami(): Promise<string | undefined>;
  /** Every comment on the pull/merge request, oldest first. */
  list(): Promise<CommentRecord[]>;
  create(body: string): Promise<CommentRecord>;
  update(id: number, body: string): Promise<void>;
  /** Resolves false when the comment was already gone (404). */
  remove(id: number): Promise<boolean>;
}

export type CommentAction = 'created' | 'updated' | 'unchanged' | 'deleted' | 'none';

export interface UpsertResult {
  action: CommentAction;
  id?: number;
  url?: string;
  /** Duplicates removed (from an earlier race, or this one). */
  removed: number;
}

export interface UpsertOptions {
  /** The hidden marker the body carries (`<!-- gatecheck:comment -->`). */
  marker: string;
  /** Delete our comment instead of writing one (everything passed and the user asked for that). */
  remove?: boolean;
}

function ours(all: readonly CommentRecord[], marker: string, me: string | undefined): CommentRecord[] {
  return all.filter((c) => c.body.includes(marker) && (me === undefined || c.author === me)).sort((a, b) => a.id - b.id);
}

/** Create, update or delete the bot's comment so that exactly one (or none) remains. */
export async function upsertComment(api: CommentApi, body: string, options: UpsertOptions): Promise<UpsertResult> {
  const me = await api.whoami();
  const mine = ours(await api.list(), options.marker, me);
  let removed = 0;
  if (options.remove) {
    for (const c of mine) if (await api.remove(c.id)) removed++;
    return { action: mine.length ? 'deleted' : 'none', removed };
  }
  let action: CommentAction;
  let kept: CommentRecord;
  if (mine.length === 0) {
    kept = await api.create(body);
    action = 'created';
  } else {
    kept = mine[0]!;
    if (kept.body !== body) {
      await api.update(kept.id, body);
      action = 'updated';
    } else action = 'unchanged';
    for (const c of mine.slice(1)) if (await api.remove(c.id)) removed++;
  }
  // Re-read: a concurrent run may have created its own comment meanwhile.
  const after = ours(await api.list(), options.marker, me);
  if (after.length > 1) {
    const oldest = after[0]!;
    for (const c of after.slice(1)) if (await api.remove(c.id)) removed++;
    if (oldest.id !== kept.id) {
      if (oldest.body !== body) await api.update(oldest.id, body);
      kept = oldest;
      action = 'updated';
    }
  }
  const result: UpsertResult = { action, id: kept.id, removed };
  if (kept.url !== undefined) result.url = kept.url;
  return result;
}
