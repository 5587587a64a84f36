import { useTranslation } from 'react-i18next';
import { CollabTextInput, type TextRows } from '../../../components/CollabTextInput.tsx';
import {
  BUDGET_CATEGORIES,
  checkBudget,
  formatCents,
  formatShare,
  shownCofundingShareBp,
  type BudgetLine,
  type BudgetRules,
  type BudgetTotals,
} from '@dialogo/shared';
import { lang } from '../format.ts';
import { MoneyInput } from './MoneyInput.tsx';
import { TableScroll } from '../../../components/TableScroll.tsx';

/** Props of {@link BudgetTables}. */
export interface BudgetTablesProps {
  lines: BudgetLine[];
  totals: BudgetTotals;
  rules: BudgetRules;
  /** The proposal's cities, lead first: one table each. */
  cities: string[];
  cityName(id: string): string;
  readOnly: boolean;
  /** Sets a number or a choice whole; the text cells are bound to the document through `text`. */
  onCell(id: string, key: string, value: unknown): void;
  text: TextRows;
  onAdd(city: string): string;
  onRemove(id: string): void;
}

/**
 * One table per partner city with its lines and subtotal, then the totals per category and
 * overall with the co-funding share, and the call's rules checked. Everything is computed from
 * the shared cells, so every participant sees the same totals as soon as a cell changes.
 */
export function BudgetTables({ lines, totals, rules, cities, cityName, readOnly, onCell, text, onAdd, onRemove }: BudgetTablesProps) {
  const { t, i18n } = useTranslation('proposals');
  const language = lang(i18n.language);
  const money = (cents: number) => formatCents(cents, language);
  const breaches = checkBudget(lines, totals, rules);
  const others = [...new Set(lines.map((l) => l.city))].filter((c) => !cities.includes(c));

  const focusLast = (city: string, id: string) =>
    requestAnimationFrame(() =>
      document.querySelector<HTMLElement>(`[data-line="${id}"] select, [data-city-table="${city}"] tbody tr:last-child select`)?.focus(),
    );

  return (
    <div className="proposal-budget">
      {[...cities, ...others].map((city) => {
        const own = lines.filter((l) => l.city === city);
        const name = city ? cityName(city) : t('budget.otherCity');
        const sum = totals.byCity[city] ?? { amount: 0, cofunding: 0 };
        return (
          <TableScroll key={city} data-city-table={city} label={t('budget.of', { city: name })}>
            <table className="plan-table proposal-budget__table" data-testid={`budget-${city}`}>
              <caption>{t('budget.of', { city: name })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('budget.category')}</th>
                  <th scope="col">{t('budget.description')}</th>
                  <th scope="col" className="num">
                    {t('budget.amount')}
                  </th>
                  <th scope="col" className="num">
                    {t('budget.cofunding')}
                  </th>
                  {!readOnly && <th scope="col">{t('budget.actions')}</th>}
                </tr>
              </thead>
              <tbody>
                {own.length === 0 && (
                  <tr>
                    <td colSpan={readOnly ? 4 : 5} className="muted">
                      {t('budget.noLines')}
                    </td>
                  </tr>
                )}
                {own.map((line, i) => {
                  const label = (column: string) => `${column} — ${t('budget.line', { n: i + 1, city: name })}`;
                  return (
                    <tr key={line.id} data-line={line.id} data-testid="budget-line">
                      <td>
                        <select
                          value={line.category}
                          disabled={readOnly}
                          aria-label={label(t('budget.category'))}
                          onChange={(e) => onCell(line.id, 'category', e.target.value)}
                        >
                          {BUDGET_CATEGORIES.map((c) => (
                            <option key={c} value={c}>
                              {t(`budget.categories.${c}`)}
                            </option>
                          ))}
                        </select>
                      </td>
                      <td>
                        <CollabTextInput
                          cells={text.cells(line.id)}
                          field="description"
                          awareness={text.awareness}
                          presenceKey={`${line.id}:description`}
                          readOnly={readOnly}
                          aria-label={label(t('budget.description'))}
                        />
                      </td>
                      <td className="num">
                        <MoneyInput
                          value={line.amount}
                          label={label(t('budget.amount'))}
                          readOnly={readOnly}
                          onChange={(v) => onCell(line.id, 'amount', v)}
                          testId="line-amount"
                        />
                      </td>
                      <td className="num">
                        <MoneyInput
                          value={line.cofunding}
                          label={label(t('budget.cofunding'))}
                          readOnly={readOnly}
                          onChange={(v) => onCell(line.id, 'cofunding', v)}
                          testId="line-cofunding"
                        />
                      </td>
                      {!readOnly && (
                        <td>
                          <button type="button" className="button button--small" onClick={() => onRemove(line.id)}>
                            <span aria-hidden="true">✕</span>
                            <span className="visually-hidden">{t('budget.removeLine', { n: i + 1, city: name })}</span>
                          </button>
                        </td>
                      )}
                    </tr>
                  );
                })}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row" colSpan={2}>
                    {t('budget.subtotal', { city: name })}
                  </th>
                  <td className="num" data-testid="subtotal-amount">
                    {money(sum.amount)}
                  </td>
                  <td className="num">{money(sum.cofunding)}</td>
                  {!readOnly && <td />}
                </tr>
              </tfoot>
            </table>
            {!readOnly && city && (
              <button
                type="button"
                className="button button--small"
                onClick={() => {
                  const id = onAdd(city);
                  focusLast(city, id);
                }}
              >
                {t('budget.addLine', { city: name })}
              </button>
            )}
          </TableScroll>
        );
      })}

      <section className="proposal-budget__totals" aria-labelledby="budget-totals-heading">
        <h3 id="budget-totals-heading">{t('budget.totals')}</h3>
        <TableScroll label={t('budget.byCategory')}>
          <table className="plan-table">
            <caption>{t('budget.byCategory')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('budget.category')}</th>
                <th scope="col" className="num">
                  {t('budget.amount')}
                </th>
                <th scope="col" className="num">
                  {t('budget.cofunding')}
                </th>
              </tr>
            </thead>
            <tbody>
              {BUDGET_CATEGORIES.filter((c) => totals.byCategory[c].amount > 0 || totals.byCategory[c].cofunding > 0).map((c) => (
                <tr key={c}>
                  <th scope="row">{t(`budget.categories.${c}`)}</th>
                  <td className="num">{money(totals.byCategory[c].amount)}</td>
                  <td className="num">{money(totals.byCategory[c].cofunding)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
        {/* Read out when someone, anywhere, changes an amount. */}
        <dl className="proposal-budget__summary" aria-live="polite" data-testid="budget-totals">
          <div>
            <dt>{t('budget.total')}</dt>
            <dd data-testid="total-amount">{money(totals.total.amount)}</dd>
          </div>
          <div>
            <dt>{t('budget.cofunding')}</dt>
            <dd data-testid="total-cofunding">{money(totals.total.cofunding)}</dd>
          </div>
          <div>
            <dt>{t('budget.grant')}</dt>
            <dd data-testid="total-grant">{money(totals.grant)}</dd>
          </div>
          <div>
            <dt>{t('budget.share')}</dt>
            <dd data-testid="cofunding-share">{formatShare(shownCofundingShareBp(totals, rules), language)}</dd>
          </div>
        </dl>
        <h4>{t('budget.rules')}</h4>
        <ul className="proposal-budget__rules">
          {rules.maxGrantCents !== undefined && <li>{t('budget.maxGrant', { amount: money(rules.maxGrantCents) })}</li>}
          {rules.minCofundingPercent !== undefined && <li>{t('budget.minCofunding', { percent: formatShare(rules.minCofundingPercent * 100, language) })}</li>}
          {rules.maxGrantCents === undefined && rules.minCofundingPercent === undefined && <li>{t('budget.noRules')}</li>}
        </ul>
        <div role="status" data-testid="budget-check">
          {totals.total.amount === 0 ? (
            // Nothing to check yet: an empty budget is not "compliant".
            <p className="muted">{t('budget.empty')}</p>
          ) : breaches.length === 0 ? (
            <p className="proposal-ok">{t('budget.ok')}</p>
          ) : (
            <ul className="proposal-breaches">
              {breaches.map((b, i) => (
                <li key={i}>
                  {b.rule === 'maxGrant'
                    ? t('budget.breach.maxGrant', { actual: money(b.actual), limit: money(b.limit) })
                    : b.rule === 'minCofunding'
                      ? t('budget.breach.minCofunding', { actual: formatShare(b.actualBp, language), limit: formatShare(b.limit * 100, language) })
                      : t('budget.breach.cofundingAboveAmount')}
                </li>
              ))}
            </ul>
          )}
        </div>
      </section>
    </div>
  );
}
