/**
 * Phrase families of prompt attacks, matched on normalised text (lower case, words separated by
 * single spaces, punctuation dropped). English first, with the German forms seen in deepset's
 * data. A match right after "like", "such as", "the phrase", "against" … is a *mention* (someone
 * asking about attacks) and does not count as use.
 */
export const PATTERN_FAMILIES = ['override', 'persona', 'extraction'] as const;
export type PatternFamily = (typeof PATTERN_FAMILIES)[number];

const ART = "(?:(?:all|any|the|your|my|of|every|these|those|that|this|previous|prior|above|earlier|preceding|former|initial|original|system|given|old|other|bisherigen|vorherigen|vorigen|alle|alles|deine|ihre|die|den|meine|was|wir|vorher) ){0,4}";
const RULES =
  '(?:instructions?|prompts?|directions?|directives?|rules|guidelines|commands?|orders|context|tasks?|assignments?|everything|constraints|restrictions|programming|training|text|messages?|conversation|policies|polic(?:y|ies)|limitations|filters?|safeguards|guardrails|anweisungen|aufträge|aufgaben|instruktionen|regeln|befehle|vorgaben)';

const FAMILY_SOURCES: Record<PatternFamily, string[]> = {
  override: [
    `\\b(?:ignore|ignoring|disregard|forget|skip|override|bypass|neglect|abandon|drop|discard) ${ART}${RULES}\\b`,
    '\\bforget (?:about )?(?:everything|all|that|what)\\b',
    '\\b(?:new|updated|real|actual|different) (?:instructions?|tasks?|assignment|rules|orders|directive)\\b',
    "\\b(?:from now on|starting now|henceforth|for the rest of this conversation),? (?:you|your|we|i|respond|answer|act|only|always)\\b",
    '\\b(?:stop|halt|pause) (?:everything|here|now|all previous)\\b',
    '\\binstead (?:just )?(?:say|write|print|output|respond|reply|answer)\\b',
    '\\b(?:do not|don t|dont|never) (?:follow|obey|listen to) (?:your|the|any) ',
    `\\b(?:vergiss|vergessen sie|ignoriere|ignorieren sie|missachte|überspringe) ${ART}(?:${RULES}|alles|bisherige)`,
    '\\b(?:neue|nächste) (?:aufgabe|anweisung|anweisungen|aufträge)\\b',
    '\\b(?:ab jetzt|von nun an|ab sofort)\\b',
    '\\bkonzentriere dich (?:nur |jetzt )*auf\\b',
  ],
  persona: [
    '\\bdan\\b(?: mode| prompt| jailbreak|,| is| stands| which| can)',
    '\\bdo anything now\\b',
    '\\b(?:developer|dev|god|debug|unrestricted|jailbreak|jailbroken|evil|opposite|chaos|dude|stan) mode\\b',
    '\\bjailbr(?:oken|eak|eaking)\\b',
    '\\b(?:no|without(?: any)?|free of|free from|zero|lacks?|has no|have no|don t have any|doesn t have any) (?:ethical|moral|content|safety)? ?(?:restrictions|limitations|limits|filters?|filtering|censorship|ethics|morals|morality|guidelines|rules|boundaries|constraints|principles|guardrails|safeguards)\\b',
    '\\b(?:unfiltered|uncensored|amoral|unethical and|unrestricted|unbound|unhinged)\\b',
    '\\bstay(?:s)? in character\\b',
    '\\b(?:never|not|won t|will not|cannot|can t|unable to) (?:ever )?(?:refuse|decline|reject|deny)\\b',
    '\\b(?:openai|anthropic|content|usage) (?:content )?polic(?:y|ies)\\b',
    '\\b(?:broken|break|breaking) free\\b',
    '\\b(?:as an ai|as a language model)[^.]{0,40}\\b(?:you )?(?:can|will|must) (?:now|also)? ?(?:say|do|generate)\\b',
    '\\b(?:evil|malicious|rogue|unaligned|uncensored|unrestricted) (?:ai|assistant|bot|chatbot|model|confidant|twin)\\b',
    '\\b(?:stell dir vor|tu so als|du bist jetzt|du bist nun) (?:du bist |ob du )?(?:eine? )?(?:böse|evil|unzensierte)',
  ],
  extraction: [
    '\\b(?:system|initial|original|hidden|secret|first|developer|pre) ?(?:prompts?|instructions?|messages?|configuration|directives?)\\b',
    '\\b(?:repeat|print|output|show|reveal|display|tell|give|write|list|spell|recite|leak|dump|share|return|copy|paste|translate|summarize|summarise) (?:me |us )?(?:back )?(?:out )?(?:all |verbatim |exactly )?(?:of )?(?:your|the|all|everything|any)(?: \\w+){0,3} (?:instructions?|prompts?|text above|words above|above|rules|configuration|guidelines|embeddings|password|secrets?|context)\\b',
    '\\b(?:what|everything|anything) (?:were you|you were|have you been|are you|was) (?:told|given|instructed|programmed|configured)\\b',
    '\\bwhat (?:are|were|is) your (?:initial |original |first |exact |system )*(?:instructions?|prompts?|rules|guidelines|directives?)\\b',
    '\\b(?:text|words|everything|content|message|messages) (?:above|before this|preceding)\\b',
    '\\b(?:beginning|start) of (?:this|the|our) (?:conversation|chat|session|prompt)\\b',
    '\\b(?:zeige?|zeig|gib|nenne|wiederhole|verrate)(?: \\w+){0,3} (?:deine|die|ihre|alle)(?: \\w+){0,2} (?:anweisungen|instruktionen|prompts?|passwort|regeln|vorgaben)\\b',
  ],
};

const FAMILY_REGEXES: Record<PatternFamily, RegExp> = Object.fromEntries(
  PATTERN_FAMILIES.map((f) => [f, new RegExp(FAMILY_SOURCES[f].join('|'), 'gu')]),
) as Record<PatternFamily, RegExp>;

/** Defensive wording right before a phrase (system prompts: "never reveal your instructions"). */
const DEFENSIVE_BEFORE =
  /\b(?:never|not|don t|dont|do not|must not|mustn t|won t|will not|cannot|can t|refuse to|decline to)(?: \w+)? (?:reveal|disclose|share|follow|obey|repeat|print|output|show|tell|leak|give|discuss|change|override|bypass|ignore|execute|act on)(?: \w+){0,4} $|\b(?:never|not|don t|dont|do not|must not|mustn t|won t|will not|cannot|can t|refuse to|decline to)(?: ever)? $|\bif (?:a |the )?(?:user|someone|anyone|a message|a document|the input) (?:asks|tries|wants|tells|says)(?: \w+){0,3} $|\beven if (?:asked|told|instructed)(?: \w+){0,2} $/u;

/** Words right before a phrase that make it a mention, not an instruction. */
const MENTION_BEFORE = /\b(?:like|such as|called|phrase|phrases|example|examples|e g|against|detect|detecting|prevent|preventing|block|blocking|mean|means|meaning of|term|known as|about|what is|what are|what s|explain|why|how do|how does|attacks? using|prompts? containing)(?: \w+){0,2} $/u;

export interface PatternHit {
  family: PatternFamily;
  /** Matched phrase (normalised), for the explanation. */
  phrase: string;
  /** Number of non-mention matches. */
  count: number;
}

export interface PatternMatches {
  hits: PatternHit[];
  /** [start, end) spans of the normalised text that only *mention* an attack phrase. */
  mentions: Array<[number, number]>;
}

/** Normalises text for matching: lower case, letters/digits only, single spaces. */
export function normalizeForPatterns(text: string): string {
  // Apostrophes are not letters, so "don't" → "don t" like every other separator.
  return ' ' + text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim() + ' ';
}

export function matchPatterns(normalized: string): PatternMatches {
  const hits: PatternHit[] = [];
  const mentions: Array<[number, number]> = [];
  for (const family of PATTERN_FAMILIES) {
    const re = FAMILY_REGEXES[family];
    re.lastIndex = 0;
    let count = 0;
    let phrase = '';
    for (const m of normalized.matchAll(re)) {
      const before = normalized.slice(Math.max(0, m.index - 40), m.index);
      if (MENTION_BEFORE.test(before) || DEFENSIVE_BEFORE.test(before)) {
        mentions.push([m.index, m.index + m[0].length]);
        continue;
      }
      count++;
      if (phrase === '') phrase = m[0].trim();
    }
    if (count > 0) hits.push({ family, phrase, count });
  }
  return { hits, mentions };
}
