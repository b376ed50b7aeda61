/**
 * Demo theme tags: the contributions of the demo year's first consultation
 * tagged with the demo programme's adopted themes (through the same service
 * as `tagWithThemes`, so each theme's participation counters move in the
 * tagging's transaction), and the consultation itself with two of them.
 */
import { SECRETARIAT_GROUP, userCaller } from '../../core/auth/caller';
import { toGlobalId } from '../../core/ids';
import { createContext } from '../../graphql/context';
import { allContributions } from '../../modules/contributions';
import { programmeStore } from '../../modules/programme/programme.store';

export async function seedThemeTags(now: Date): Promise<{ taggedContributions: number }> {
  const year = now.getUTCFullYear();
  const caller = userCaller('demo|secretariat-theme-tags', [SECRETARIAT_GROUP], () => Promise.resolve(undefined));
  const { consultations, themes } = createContext({ requestId: 'seed', caller, now: () => now }).services;

  const adopted = (await programmeStore.listThemes(year, true, 10)).items.map((theme) => toGlobalId('Theme', theme.id));
  const consultationId = `demo-consultation-${year}-1`;
  if (adopted.length < 2 || !(await consultations.get(consultationId))) return { taggedContributions: 0 };
  await themes.tag({ subjectId: toGlobalId('Consultation', consultationId), themeIds: [adopted[0] as string, adopted.at(-1) as string] });
  const all = await allContributions(consultationId);
  for (const [k, contribution] of all.entries()) {
    // Each contribution addresses one theme; every fifth a second one too.
    const themeIds = [adopted[k % adopted.length] as string, ...(k % 5 === 0 ? [adopted[(k + 1) % adopted.length] as string] : [])];
    await themes.tag({ subjectId: toGlobalId('Contribution', contribution.id), themeIds });
  }
  return { taggedContributions: all.length };
}
