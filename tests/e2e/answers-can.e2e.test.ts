import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DocShape, minutesDocName, type City, type MeetingView } from '@dialogo/shared';
import { connectDoc, destroyAllDocClients } from '../helpers/doc-client.ts';
import { demoBrowserSuite } from '../helpers/browser-suite.ts';
import { DEMO_PASSWORD, DEMO_PEOPLE } from '../helpers/browser.ts';
import { api, signIn } from '../helpers/session.ts';

/**
 * Pages show an action from the answer's `can`, not from the reader's role: the action items page
 * offers a status to change only to who may write the item's minutes, and shows it as text to a
 * delegate of a city that does not take part (the server refuses them the change).
 */
describe('pages read can from the answers', () => {
  const suite = demoBrowserSuite();

  it('offers an action item’s status to the delegates of the city taking part, not to another city’s', async () => {
    const { server } = suite;
    const chiara = await signIn(server.url, DEMO_PEOPLE.coordinator.email, DEMO_PASSWORD);
    const { cities } = (await (await api(server.url, '/api/cities', { cookie: chiara })).json()) as { cities: City[] };
    const arezzo = cities.find((c) => c.name === 'Arezzo')!.id;
    const created = await api(server.url, '/api/meetings', {
      method: 'POST',
      cookie: chiara,
      json: { title: 'Arezzo study visit', startsAt: '2030-05-06T08:00:00Z', endsAt: '2030-05-06T10:00:00Z', participants: { cities: [arezzo], people: [] } },
    });
    const { meeting } = (await created.json()) as { meeting: MeetingView };
    const minutes = await connectDoc(server, minutesDocName(meeting.id));
    const element = new Y.XmlElement('actionItem');
    for (const [key, value] of Object.entries({ id: 'visit-report', owner: `city:${arezzo}`, due: '2030-06-01', status: 'open' }))
      element.setAttribute(key, value);
    element.insert(0, [new Y.XmlText('Write the visit report')]);
    minutes.doc.getXmlFragment(DocShape.body).insert(0, [element]);

    const row = async (who: { name: string; email: string }) => {
      const page = await suite.openAs(who, '/action-items');
      await page.getByRole('heading', { name: 'Action items' }).waitFor();
      const found = page.getByTestId('action-item-row').filter({ hasText: 'Write the visit report' });
      await found.waitFor({ timeout: 20_000 });
      return found;
    };
    // Paolo's city takes part: he changes the status there.
    const paolo = await row(DEMO_PEOPLE.arezzo);
    await expect(paolo.getByRole('combobox', { name: 'Status of “Write the visit report”' }).count()).resolves.toBe(1);
    // Sara's (Torino) does not: she reads the status, with nothing to change that the server would refuse.
    const sara = await row(DEMO_PEOPLE.torino);
    await expect(sara.getByRole('combobox').count()).resolves.toBe(0);
    expect(await sara.innerText()).toContain('open');
    destroyAllDocClients();
  }, 90_000);
});
