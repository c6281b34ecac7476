/**
 * 三张清单: every station's needs in one list (kind, station, days), and the
 * projects made of them. The operator ticks needs of one station and makes them
 * a project, which that station's kiosks then show. A contact number appears only
 * when the server sent it (the operator's role may see it); others see "left a number".
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, query } from '#console/app/api.ts';
import { errorText } from '#console/app/errors.ts';
import { Notice, Pager } from '#console/app/fields.tsx';
import type { Page } from '#console/app/types.ts';
import { ChoiceField, DateField, FilterForm, IdField } from './filter-fields.tsx';
import { PROJECT_STATUSES, type NeedItem, type ProjectItem, type ProjectStatus } from '#protocol/needs-projects.ts';

const LIMIT = 50;
const NEED_KINDS = ['meals', 'homeCare', 'repair', 'health', 'legal', 'activity', 'environment', 'other'] as const;

interface Filters {
  kind: string;
  stationId: string;
  from: string;
  to: string;
}

/** "text | https://…" per line → linked resources. */
function parseResources(text: string) {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [label, url] = line.split('|').map((p) => p.trim());
      return url ? { text: label || url, url } : { text: label! };
    });
}

function ProjectList({ items, onChanged }: { items: ProjectItem[]; onChanged(): void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const move = async (item: ProjectItem, status: ProjectStatus) => {
    setError(null);
    try {
      const { project } = item;
      await api.put(`/projects/${encodeURIComponent(project.id)}`, {
        title: project.title,
        status,
        owner: project.owner,
        resources: project.resources,
        needIds: item.needIds,
      });
      onChanged();
    } catch (e) {
      setError(errorText(e, t));
    }
  };
  return (
    <section aria-labelledby="projects-title">
      <h2 id="projects-title">{t('needs.projects')}</h2>
      {error && <Notice kind="error" text={error} />}
      <table className="list" data-testid="projects-list">
        <thead>
          <tr>
            <th scope="col">{t('needs.projectTitle')}</th>
            <th scope="col">{t('cases.station')}</th>
            <th scope="col">{t('cases.owner')}</th>
            <th scope="col">{t('needs.resources')}</th>
            <th scope="col">{t('needs.count')}</th>
            <th scope="col">{t('cases.statusFilter')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.project.id} data-testid={`project-${item.project.title}`}>
              <td>{item.project.title}</td>
              <td>{item.stationName}</td>
              <td>{item.project.owner || '—'}</td>
              <td>
                {item.project.resources.map((r, i) => (
                  <div key={i}>{r.url ? <a href={r.url}>{r.text}</a> : r.text}</div>
                ))}
              </td>
              <td>{item.project.needCount}</td>
              <td>
                <label>
                  <span className="visually-hidden">{t('cases.statusFilter')}</span>
                  <select
                    value={item.project.status}
                    onChange={(e) => void move(item, e.target.value as ProjectStatus)}
                    data-testid="project-status"
                  >
                    {PROJECT_STATUSES.map((s) => (
                      <option key={s} value={s}>
                        {t(`needs.status.${s}`)}
                      </option>
                    ))}
                  </select>
                </label>
              </td>
            </tr>
          ))}
          {items.length === 0 && (
            <tr>
              <td colSpan={6}>{t('needs.noProjects')}</td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}

export function NeedsScreen() {
  const { t, i18n } = useTranslation();
  const [form, setForm] = useState<Filters>({ kind: '', stationId: '', from: '', to: '' });
  const [filters, setFilters] = useState<Filters>(form);
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<Page<NeedItem> | null>(null);
  const [projects, setProjects] = useState<ProjectItem[]>([]);
  const [chosen, setChosen] = useState<Map<string, NeedItem>>(new Map());
  const [title, setTitle] = useState('');
  const [owner, setOwner] = useState('');
  const [resources, setResources] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const when = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'short' });

  useEffect(() => {
    api
      .get<Page<NeedItem>>(`/needs${query({ ...filters, stationId: filters.stationId.trim(), limit: LIMIT, offset })}`)
      .then(setPage, (e: unknown) => setError(errorText(e, t)));
    api.get<{ projects: ProjectItem[] }>('/projects').then(
      (r) => setProjects(r.projects),
      (e: unknown) => setError(errorText(e, t)),
    );
  }, [filters, offset, reload, t]);

  const search = () => {
    setOffset(0);
    setFilters(form);
  };
  const set = (key: keyof Filters) => (value: string) => setForm((f) => ({ ...f, [key]: value }));
  const station = [...chosen.values()][0]?.stationId;
  const toggle = (need: NeedItem) =>
    setChosen((c) => {
      const next = new Map(c);
      if (next.has(need.id)) next.delete(need.id);
      else next.set(need.id, need);
      return next;
    });

  const create = async (e: FormEvent) => {
    e.preventDefault();
    if (!station) return;
    setError(null);
    setSaved(null);
    try {
      await api.post('/projects', {
        stationId: station,
        title: title.trim(),
        status: 'planned',
        owner: owner.trim(),
        resources: parseResources(resources),
        needIds: [...chosen.keys()],
      });
      setSaved(t('needs.created', { title: title.trim() }));
      setChosen(new Map());
      setTitle('');
      setOwner('');
      setResources('');
      setReload((n) => n + 1);
    } catch (err) {
      setError(errorText(err, t));
    }
  };

  return (
    <section data-testid="screen-needs">
      <h1>{t('needs.title')}</h1>
      <FilterForm testId="needs-form" runTestId="needs-run" onRun={search}>
        <ChoiceField
          label={t('needs.kind')}
          value={form.kind}
          onChange={set('kind')}
          allLabel={t('reports.all')}
          options={NEED_KINDS.map((k) => ({ value: k, label: t(`resident:needs.kind.${k}`) }))}
          testId="needs-kind"
        />
        <IdField
          label={t('reports.filter.stationId')}
          value={form.stationId}
          onChange={set('stationId')}
          testId="needs-station"
        />
        <DateField label={t('reports.from')} value={form.from} onChange={set('from')} />
        <DateField label={t('reports.to')} value={form.to} onChange={set('to')} />
      </FilterForm>
      {error && <Notice kind="error" text={error} />}
      {saved && <Notice kind="ok" text={saved} />}
      <p className="hint">{t('needs.groupHint')}</p>
      <table className="list" data-testid="needs-list">
        <thead>
          <tr>
            <th scope="col">{t('needs.choose')}</th>
            <th scope="col">{t('needs.when')}</th>
            <th scope="col">{t('cases.station')}</th>
            <th scope="col">{t('needs.kind')}</th>
            <th scope="col">{t('needs.text')}</th>
            <th scope="col">{t('needs.contact')}</th>
            <th scope="col">{t('needs.project')}</th>
          </tr>
        </thead>
        <tbody>
          {page?.items.map((n) => (
            <tr key={n.id} data-testid={`need-${n.id}`}>
              <td>
                <input
                  type="checkbox"
                  aria-label={t('needs.chooseOne', { id: n.id })}
                  checked={chosen.has(n.id)}
                  disabled={n.projectId !== null || (station !== undefined && n.stationId !== station)}
                  onChange={() => toggle(n)}
                  data-testid="need-choose"
                />
              </td>
              <td>{when.format(new Date(n.createdAt))}</td>
              <td>
                {n.stationName}
                <p className="muted">{n.street}</p>
              </td>
              <td>{t(`resident:needs.kind.${n.kind}`, { defaultValue: n.kind })}</td>
              <td lang={n.lang}>{n.text || '—'}</td>
              <td data-testid="need-contact">{n.contact ?? (n.hasContact ? t('needs.contactHidden') : '—')}</td>
              <td>{n.projectId ? (projects.find((p) => p.project.id === n.projectId)?.project.title ?? '✓') : '—'}</td>
            </tr>
          ))}
          {page?.items.length === 0 && (
            <tr>
              <td colSpan={7}>{t('needs.none')}</td>
            </tr>
          )}
        </tbody>
      </table>
      {page && <Pager offset={offset} limit={LIMIT} total={page.total} onOffset={setOffset} />}

      <form className="case-note" onSubmit={create} data-testid="project-form">
        <h2>{t('needs.newProject', { count: chosen.size })}</h2>
        <label>
          {t('needs.projectTitle')}
          <input
            required
            maxLength={80}
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            data-testid="project-title"
          />
        </label>
        <label>
          {t('cases.owner')}
          <input maxLength={64} value={owner} onChange={(e) => setOwner(e.target.value)} data-testid="project-owner" />
        </label>
        <label>
          {t('needs.resourcesHint')}
          <textarea
            rows={3}
            value={resources}
            onChange={(e) => setResources(e.target.value)}
            data-testid="project-resources"
          />
        </label>
        <button type="submit" className="btn btn-primary" disabled={chosen.size === 0} data-testid="project-create">
          {t('needs.create')}
        </button>
      </form>
      <ProjectList items={projects} onChanged={() => setReload((n) => n + 1)} />
    </section>
  );
}
