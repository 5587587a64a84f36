import * as Y from 'yjs';
import { generateNKeysBetween } from 'fractional-indexing';
import { CreateProposalSchema, docName, DocKind, newText, ProposalShape, sectionField, writeOutline, type BudgetCategory } from '@dialogo/shared';
import { cityId } from '../network/cities.ts';
import { MINISTRY_TEMPLATE } from '../proposals/defaults.ts';
import type { Services } from '../services.ts';
import type { Store } from '../store/index.ts';

/**
 * The demo's joint proposal, drawn from the seeds: the action plan 2017-2020 (seeds/001) plans
 * "the drafting of joint project proposal in order to raise funding on strategic projects", for
 * example "a thematic project to an Italian Ministry ... the Ministry of Interior"; the meeting of
 * 18 June 2020 (seeds/000) names the activities: trainings on intercultural competences for
 * municipal staff, a national communication campaign, and the cancelled Anti-rumours event that
 * Reggio Emilia was to host. Reggio Emilia leads, with Torino and Arezzo as partners.
 */
const ID = 'citta-del-dialogo-competenze-interculturali';
const SEED_CLIENT_ID = 20_200_618;

const SECTIONS: Record<string, string[]> = {
  summary: [
    'Le Città del Dialogo propongono un progetto congiunto per rafforzare le competenze interculturali del personale comunale e rilanciare la strategia Anti-dicerie dopo l’emergenza Covid-19.',
  ],
  context: [
    'Durante il primo semestre 2020 le città della rete hanno riaffermato la centralità dell’approccio interculturale per affrontare la crisi: il “distanziamento sociale” non poteva cancellare la solidarietà sociale.',
    'L’evento tematico sulla strategia Anti-dicerie, previsto a fine febbraio a Reggio Emilia, è stato annullato a causa dell’epidemia.',
  ],
  objectives: [
    'Formare il personale comunale sulle competenze interculturali; riprogrammare l’evento Anti-dicerie; avviare una campagna nazionale di comunicazione della rete.',
  ],
};

const BUDGET: { city: string; category: BudgetCategory; description: string; amount: number; cofunding: number }[] = [
  { city: 'Reggio Emilia', category: 'events', description: 'Evento tematico sulla strategia Anti-dicerie', amount: 1_250_000, cofunding: 250_000 },
  { city: 'Reggio Emilia', category: 'staff', description: 'Coordinamento del progetto', amount: 1_800_000, cofunding: 600_000 },
  {
    city: 'Torino',
    category: 'staff',
    description: 'Formazione sulle competenze interculturali per il personale comunale',
    amount: 960_000,
    cofunding: 240_000,
  },
  { city: 'Arezzo', category: 'communication', description: 'Campagna nazionale di comunicazione della rete', amount: 735_050, cofunding: 147_010 },
];

const TIMELINE = [
  { activity: 'Formazione del personale comunale', city: 'Torino', start: 1, end: 6 },
  { activity: 'Evento tematico Anti-dicerie', city: 'Reggio Emilia', start: 5, end: 7 },
  { activity: 'Campagna nazionale di comunicazione', city: 'Arezzo', start: 4, end: 12 },
];

function paragraph(text: string): Y.XmlElement {
  const p = new Y.XmlElement('paragraph');
  p.insert(0, [new Y.XmlText(text)]);
  return p;
}

function rows(doc: Y.Doc, shape: string, values: Record<string, string | number>[]): void {
  const map = doc.getMap<Y.Map<unknown>>(shape);
  const keys = generateNKeysBetween(null, null, values.length);
  values.forEach((value, i) => {
    const cells = new Y.Map<unknown>();
    map.set(`seed-${i + 1}`, cells);
    // Free text (a line's description, an activity) is a Y.Text, co-edited like the editor.
    for (const [k, v] of Object.entries({ ...value, order: keys[i]! })) cells.set(k, k === 'description' || k === 'activity' ? newText(String(v)) : v);
  });
}

function demoUpdate(): Uint8Array {
  // A fixed client id makes the update byte-for-byte the same on every instance: two instances
  // seeding at once append the same update twice, which Yjs applies once.
  const doc = new Y.Doc();
  doc.clientID = SEED_CLIENT_ID;
  writeOutline(doc, MINISTRY_TEMPLATE.sections, { objectives: cityId('Torino'), communication: cityId('Arezzo') });
  for (const [key, texts] of Object.entries(SECTIONS)) doc.getXmlFragment(sectionField(key)).insert(0, texts.map(paragraph));
  rows(
    doc,
    ProposalShape.budget,
    BUDGET.map((line) => ({ ...line, city: cityId(line.city) })),
  );
  rows(
    doc,
    ProposalShape.timeline,
    TIMELINE.map((row) => ({ ...row, city: cityId(row.city) })),
  );
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

/** Seeds the demo proposal once (content first, then the record and its listing); idempotent. */
export async function seedProposal(store: Store, { proposals, people }: Services): Promise<void> {
  if (await proposals.get(ID)) return;
  const name = docName(DocKind.proposal, ID);
  if ((await store.docs.load(name)).length === 0) await store.docs.append(name, [demoUpdate()]);
  const lead = await people.byEmail('reggio-emilia@cittadeldialogo.example');
  const deadline = new Date(Date.now() + 45 * 86_400_000).toISOString().slice(0, 10);
  const input = CreateProposalSchema.parse({
    title: 'Città del Dialogo: competenze interculturali e strategia Anti-dicerie',
    funderId: 'ministero-interno',
    templateId: MINISTRY_TEMPLATE.id,
    call: 'Progetti tematici per l’integrazione interculturale',
    deadline,
    leadCityId: cityId('Reggio Emilia'),
    leadRole: 'Capofila: coordinamento e evento Anti-dicerie',
    partners: [
      { cityId: cityId('Torino'), role: 'Formazione del personale comunale' },
      { cityId: cityId('Arezzo'), role: 'Campagna nazionale di comunicazione' },
    ],
    visibility: 'partners',
    durationMonths: 12,
    rules: { maxGrantCents: 5_000_000, minCofundingPercent: 20 },
  });
  await proposals.create(input, lead ? { id: lead.id, name: lead.name } : { id: 'dialogo', name: 'Dialogo' }, { id: ID });
}
