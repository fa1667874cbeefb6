/**
 * Deterministic ids: `<Kind>_<Name>` from the element's kind and name (`PlanItem_ReviewClaim`,
 * `HumanTask_ReviewClaim`), `_2`, `_3`, … on a clash, `<Kind>_<n>` without a name. Never random:
 * the same builder code gives the same ids, and adding an element elsewhere does not renumber
 * the others (persisted case instances refer to plan item ids).
 */

/** XML `NCName`, as far as ids need it. */
const NCNAME = /^[\p{L}_][\p{L}\p{N}_.\-\u00B7\u0300-\u036F\u203F-\u2040]*$/u;

/** True when `id` can be written as an XML id. */
export function isNcName(id: string): boolean {
  return NCNAME.test(id);
}

/** `Review claim #2` → `ReviewClaim2`: the name's words, each capitalised, joined. */
export function idWord(name: string | undefined): string {
  if (name === undefined) return '';
  return name
    .split(/[^\p{L}\p{N}_]+/u)
    .filter((word) => word !== '')
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');
}

/** Hands out unique ids within one model. */
export class IdGenerator {
  readonly #taken: Set<string>;

  constructor(taken: Iterable<string> = []) {
    this.#taken = new Set(taken);
  }

  /** A copy, for ids generated at `build()` (which must not change the builder). */
  fork(): IdGenerator {
    return new IdGenerator(this.#taken);
  }

  /** Records an explicit id; returns it. Duplicates are reported when the model is linked. */
  explicit(id: string): string {
    this.#taken.add(id);
    return id;
  }

  /** The explicit id, or a new one from `prefix` and the hint words. */
  take(explicit: string | undefined, prefix: string, ...hints: (string | undefined)[]): string {
    if (explicit !== undefined) return this.explicit(explicit);
    const words = hints.map(idWord).filter((word) => word !== '');
    if (words.length === 0) {
      for (let n = 1; ; n++) {
        const id = `${prefix}_${n}`;
        if (!this.#taken.has(id)) return this.explicit(id);
      }
    }
    const base = `${prefix}_${words.join('_')}`;
    if (!this.#taken.has(base)) return this.explicit(base);
    for (let n = 2; ; n++) {
      const id = `${base}_${n}`;
      if (!this.#taken.has(id)) return this.explicit(id);
    }
  }

  /** `<base>` or `<base>_2`, … (for derived ids such as `<id>_di`). */
  derive(base: string): string {
    if (!this.#taken.has(base)) return this.explicit(base);
    for (let n = 2; ; n++) {
      const id = `${base}_${n}`;
      if (!this.#taken.has(id)) return this.explicit(id);
    }
  }
}
