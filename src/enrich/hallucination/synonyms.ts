/**
 * Small built-in synonym groups for common paraphrases ("film"/"movie", "begin"/"start"): a claim that
 * rewords the context should not read as invented content. Deliberately short and conservative.
 */
import { lightStem } from './stem.ts';

const GROUPS: readonly string[] = [
  'film movie', 'begin start commence', 'end finish conclude', 'big large huge massive', 'small little tiny',
  'buy purchase', 'child kid', 'famous well-known renowned celebrated', 'approximately about around roughly nearly',
  'global worldwide globally international', 'world globe', 'people person individuals', 'create make produce',
  'show program programme series', 'song track', 'album record', 'author writer', 'novel book', 'car automobile vehicle',
  'city town', 'country nation', 'job occupation profession career', 'company firm business corporation',
  'help assist aid', 'use utilize employ', 'show demonstrate', 'get obtain receive', 'choose select pick',
  'quick fast rapid', 'often frequently', 'maybe perhaps possibly', 'also additionally', 'rich wealthy',
  'hard difficult', 'easy simple', 'smart intelligent clever', 'happy glad', 'sick ill',
  'kill murder slay', 'shut close', 'reply answer respond', 'try attempt', 'need require', 'enough sufficient',
  'many numerous several', 'total overall', 'entire whole', 'type kind sort category', 'part portion section',
  'area region zone', 'build construct erect', 'home house residence', 'photo photograph picture',
  'doctor physician', 'lawyer attorney', 'money cash funds', 'gift present', 'fall autumn', 'cab taxi',
  'mainly mostly primarily chiefly', 'popular well-liked', 'old ancient aged', 'modern contemporary',
  'fight battle combat', 'war conflict', 'begin launch', 'found establish', 'invent devise', 'award prize',
  'win earn', 'guitarist guitar', 'singer vocalist', 'drummer drum', 'football soccer', 'sea ocean',
  'mountain mount peak', 'river stream', 'tv television', 'dog canine', 'cat feline', 'horse equine',
  'illness disease sickness', 'medicine drug medication', 'eat consume', 'drink beverage', 'food cuisine',
  'color colour hue', 'hobby pastime', 'sport game', 'team squad', 'coach trainer', 'player athlete',
  'speak talk', 'live reside', 'travel journey', 'trip voyage', 'group band',
];

function buildIndex(): ReadonlyMap<string, readonly string[]> {
  const index = new Map<string, string[]>();
  for (const group of GROUPS) {
    const stems = group.split(' ').map((w) => lightStem(w.replace(/-/g, '')));
    for (const s of stems) {
      const others = stems.filter((o) => o !== s);
      index.set(s, [...(index.get(s) ?? []), ...others]);
    }
  }
  return index;
}

/** Stem → stems with (roughly) the same meaning. */
export const SYNONYMS: ReadonlyMap<string, readonly string[]> = buildIndex();
