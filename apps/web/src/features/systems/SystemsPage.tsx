// 指标体系编辑: pick a system and version (draft / published), edit the indicator tree in the browser
// (add, remove, move, indent, outdent, drag and drop; each node's definition, formula, target,
// scoring, weights, veto rules and peer groups), the system settings (name, grade bands, result-
// application thresholds, metric catalogue, top-level weighting), save it as a new draft version and
// publish a draft after seeing what changes against the version in force. While editing, the server
// previews the edited document (POST /api/systems/{code}/preview, debounced): live weights and CR,
// or the problems next to the node or setting they name, in the UI language.
import { Alert, Button, Card, Col, Collapse, Empty, Form, Input, InputNumber, Modal, Popconfirm, Row, Select, Space, Spin, Tag, Tree, Typography } from 'antd';
import { useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { api, ApiError, type SystemDiff, type SystemPreview, type SystemSummary, type SystemVersionView } from '../../api-client';
import { LanguageContext, useLocalized, useT, type MessageKey } from '../../i18n';
import { AppliesToSelect, VetoEditor, WeightingEditor, type VetoRuleValue, type WeightingValue } from './editors';
import { applyIfLatest, latestOnly } from './live-preview';
import { SystemSettings } from './SystemSettings';
import {
  addChild, addSibling, dropNode, dropPlace, indentNode, keyOf, moveNode, nodeAt, outdentNode, pathOf, peerGroupsOf, problemTarget, reconcileJudgements, removeNode, updateDocument, updateNode,
  type DocNode, type NodePath, type SystemDocument,
} from './tree-ops';

interface Problem {
  path: (string | number)[];
  /** English (the API's `message`). */
  message: string;
  /** Chinese, from the preview; a refused save's details have English only. */
  messageZh?: string | undefined;
}

/** How long the editor waits after the last edit before asking the server for a preview. */
const PREVIEW_DELAY_MS = 400;

const STATUS_COLOUR = { draft: 'gold', published: 'green', retired: 'default' } as const;
const SCORING_METHODS = ['target-linear', 'bands', 'minmax', 'zscore', 'identity'] as const;
/** Labels of the node fields a diff names; others are shown as the format spells them. */
const FIELD_LABEL: Record<string, MessageKey> = {
  name: 'sys_name', definition: 'sys_definition', unit: 'sys_unit', direction: 'sys_direction', source: 'sys_source', owner: 'sys_owner', weight: 'sys_weight',
  weighting: 'sys_weighting', formula: 'sys_formula', target: 'sys_target', tolerance: 'sys_tolerance', scoring: 'sys_scoring',
};

function percent(x: number | null | undefined): string {
  return x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)}%`;
}

/** A bar for a share of 0–1, with its value as text for screen readers and the eye. */
function WeightBar({ share, label }: { share: number | null | undefined; label: string }) {
  if (share === null || share === undefined) return null;
  return (
    <span className="weight-bar" role="img" aria-label={`${label} ${percent(share)}`} title={`${label} ${percent(share)}`}>
      <span className="weight-bar-track" style={{ display: 'inline-block', width: 80, height: 8, background: 'rgba(128,128,128,0.2)', borderRadius: 4, verticalAlign: 'middle', marginLeft: 8 }}>
        <span style={{ display: 'block', width: `${Math.min(100, share * 100)}%`, height: 8, background: '#1677ff', borderRadius: 4 }} />
      </span>
      <span style={{ marginLeft: 4, fontSize: '0.85em' }}>{percent(share)}</span>
    </span>
  );
}

/** A JSON-valued field (bands, judgement matrix): applied when it parses, left as typed otherwise. */
function JsonField({ id, label, value, onChange, disabled }: { id: string; label: string; value: unknown; onChange: (value: unknown) => void; disabled: boolean }) {
  const t = useT();
  const [text, setText] = useState(() => JSON.stringify(value ?? null));
  const [invalid, setInvalid] = useState(false);
  useEffect(() => {
    setText(JSON.stringify(value ?? null));
    setInvalid(false);
  }, [value]);
  return (
    <Form.Item label={label} htmlFor={id} validateStatus={invalid ? 'error' : undefined} help={invalid ? t('sys_jsonInvalid') : undefined}>
      <Input.TextArea
        id={id}
        value={text}
        disabled={disabled}
        autoSize={{ minRows: 2, maxRows: 8 }}
        style={{ fontFamily: 'monospace' }}
        onChange={(e) => setText(e.target.value)}
        onBlur={() => {
          try {
            onChange(JSON.parse(text));
            setInvalid(false);
          } catch {
            setInvalid(true);
          }
        }}
      />
    </Form.Item>
  );
}

function NodeForm({ node, nodeKey, weights, cr, problems, disabled, peerGroups, onChange }: {
  node: DocNode;
  nodeKey: string;
  peerGroups: string[];
  weights: { localWeight: number | null; globalWeight: number | null } | undefined;
  cr: number | null | undefined;
  problems: { field: string; message: string }[];
  disabled: boolean;
  onChange: (patch: Record<string, unknown>) => void;
}) {
  const t = useT();
  const id = (field: string) => `sys-${nodeKey}-${field}`;
  const leaf = !node.children;
  const text = (field: string) => (typeof node[field] === 'string' ? (node[field] as string) : '');
  const number = (field: string) => (typeof node[field] === 'number' ? (node[field] as number) : null);
  const localizedField = (field: 'definition', language: 'zh' | 'en') => ((node[field] as { zh?: string; en?: string } | undefined)?.[language] ?? '');
  const setLocalized = (field: 'name' | 'definition', language: 'zh' | 'en', value: string) => {
    const current = (node[field] as { zh: string; en: string } | undefined) ?? { zh: '', en: '' };
    const next = { ...current, [language]: value };
    onChange({ [field]: field === 'definition' && !next.zh && !next.en ? undefined : next });
  };
  const fieldProblems = (field: string) => problems.filter((p) => p.field === field || p.field.startsWith(`${field}.`) || p.field.startsWith(`${field}[`));
  const status = (field: string) => (fieldProblems(field).length ? 'error' : undefined);
  const help = (field: string) => {
    const list = fieldProblems(field);
    return list.length ? <span className="field-problem">{list.map((p) => p.message).join('；')}</span> : undefined;
  };
  const scoring = (node.scoring as { method?: string; floor?: number; center?: number; scale?: number; bands?: unknown; otherwise?: number } | undefined) ?? undefined;
  const weighting = (node.weighting as WeightingValue | undefined) ?? undefined;
  const vetoes = (node.veto as VetoRuleValue[] | undefined) ?? [];

  return (
    <Form layout="vertical" className="node-form" disabled={disabled}>
      {problems.length > 0 && (
        <Alert type="error" showIcon role="alert" className="node-problems" title={t('sys_errorsHere')} description={<ul style={{ margin: 0, paddingLeft: 18 }}>{problems.map((p, i) => <li key={i}>{p.message}</li>)}</ul>} style={{ marginBottom: 12 }} />
      )}
      <Space wrap>
        <Tag color={leaf ? 'blue' : 'purple'}>{leaf ? t('sys_leaf') : t('sys_group')}</Tag>
        {vetoes.length > 0 && <Tag color="red">{t('sys_vetoTag')}</Tag>}
        <WeightBar share={weights?.localWeight} label={t('sys_localWeight')} />
        <WeightBar share={weights?.globalWeight} label={t('sys_globalWeight')} />
        {cr !== null && cr !== undefined && <Tag color={cr < 0.1 ? 'green' : 'red'}>{`${t('sys_groupCr')} ${cr.toFixed(4)}`}</Tag>}
      </Space>
      <Row gutter={12} style={{ marginTop: 12 }}>
        <Col span={8}>
          <Form.Item label={t('sys_code')} htmlFor={id('code')} validateStatus={status('code')} help={help('code')}>
            <Input id={id('code')} value={node.code} onChange={(e) => onChange({ code: e.target.value })} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item label={t('sys_nameZh')} htmlFor={id('name-zh')} validateStatus={status('name')} help={help('name')}>
            <Input id={id('name-zh')} value={node.name.zh} onChange={(e) => setLocalized('name', 'zh', e.target.value)} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item label={t('sys_nameEn')} htmlFor={id('name-en')}>
            <Input id={id('name-en')} value={node.name.en} onChange={(e) => setLocalized('name', 'en', e.target.value)} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item label={t('sys_definitionZh')} htmlFor={id('definition-zh')} validateStatus={status('definition')} help={help('definition')}>
            <Input.TextArea id={id('definition-zh')} autoSize={{ minRows: 1, maxRows: 4 }} value={localizedField('definition', 'zh')} onChange={(e) => setLocalized('definition', 'zh', e.target.value)} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item label={t('sys_definitionEn')} htmlFor={id('definition-en')}>
            <Input.TextArea id={id('definition-en')} autoSize={{ minRows: 1, maxRows: 4 }} value={localizedField('definition', 'en')} onChange={(e) => setLocalized('definition', 'en', e.target.value)} />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item label={t('sys_unit')} htmlFor={id('unit')}>
            <Input id={id('unit')} value={text('unit')} onChange={(e) => onChange({ unit: e.target.value })} />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item label={t('sys_direction')} htmlFor={id('direction')}>
            <Select
              id={id('direction')}
              aria-label={t('sys_direction')}
              value={(node.direction as string | undefined) ?? 'benefit'}
              onChange={(value: string) => onChange({ direction: value })}
              options={[{ value: 'benefit', label: t('sys_benefit') }, { value: 'cost', label: t('sys_cost') }]}
            />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item label={t('sys_owner')} htmlFor={id('owner')}>
            <Input id={id('owner')} value={text('owner')} onChange={(e) => onChange({ owner: e.target.value })} />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item label={t('sys_weight')} htmlFor={id('weight')} validateStatus={status('weight')} help={help('weight')}>
            <InputNumber id={id('weight')} min={0} style={{ width: '100%' }} value={number('weight')} onChange={(v) => onChange({ weight: v ?? undefined })} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item label={t('sys_source')} htmlFor={id('source')}>
            <Input id={id('source')} value={text('source')} onChange={(e) => onChange({ source: e.target.value })} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <AppliesToSelect id={id('appliesTo')} value={node.appliesTo as string[] | undefined} known={peerGroups} onChange={(appliesTo) => onChange({ appliesTo })} />
        </Col>
        <Col span={24}>
          <VetoEditor
            idPrefix={`sys-${nodeKey}`}
            rules={vetoes}
            disabled={disabled}
            problemsOf={(k) => problems.filter((p) => p.field.startsWith(`veto[${k}]`)).map((p) => p.message)}
            onChange={(veto) => onChange({ veto })}
          />
        </Col>
        {leaf ? (
          <>
            <Col span={24}>
              <Form.Item label={t('sys_formula')} htmlFor={id('formula')} validateStatus={status('formula')} help={help('formula')}>
                <Input id={id('formula')} value={text('formula')} style={{ fontFamily: 'monospace' }} onChange={(e) => onChange({ formula: e.target.value })} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item label={t('sys_target')} htmlFor={id('target')} validateStatus={status('target')} help={help('target')}>
                <InputNumber id={id('target')} style={{ width: '100%' }} value={number('target')} onChange={(v) => onChange({ target: v ?? undefined })} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item label={t('sys_tolerance')} htmlFor={id('tolerance')} validateStatus={status('tolerance')} help={help('tolerance')}>
                <InputNumber id={id('tolerance')} min={0} style={{ width: '100%' }} value={number('tolerance')} onChange={(v) => onChange({ tolerance: v ?? undefined })} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item label={t('sys_scoring')} htmlFor={id('scoring')} validateStatus={status('scoring')} help={help('scoring')}>
                <Select
                  id={id('scoring')}
                  aria-label={t('sys_scoring')}
                  value={scoring?.method}
                  onChange={(method: string) =>
                    onChange({ scoring: method === 'target-linear' ? { method, floor: 0 } : method === 'bands' ? { method, bands: [{ min: 0, score: 100 }], otherwise: 0 } : { method } })
                  }
                  options={SCORING_METHODS.map((m) => ({ value: m, label: t(`sys_sm_${m}` as MessageKey) }))}
                />
              </Form.Item>
            </Col>
            {scoring?.method === 'target-linear' && (
              <Col span={8}>
                <Form.Item label={t('sys_floor')} htmlFor={id('floor')}>
                  <InputNumber id={id('floor')} style={{ width: '100%' }} value={scoring.floor ?? null} onChange={(v) => onChange({ scoring: { ...scoring, floor: v ?? 0 } })} />
                </Form.Item>
              </Col>
            )}
            {scoring?.method === 'zscore' && (
              <>
                <Col span={8}>
                  <Form.Item label={t('sys_center')} htmlFor={id('center')}>
                    <InputNumber id={id('center')} min={0} max={100} style={{ width: '100%' }} value={scoring.center ?? null} onChange={(v) => onChange({ scoring: { ...scoring, center: v ?? undefined } })} />
                  </Form.Item>
                </Col>
                <Col span={8}>
                  <Form.Item label={t('sys_scale')} htmlFor={id('scale')}>
                    <InputNumber id={id('scale')} min={0} style={{ width: '100%' }} value={scoring.scale ?? null} onChange={(v) => onChange({ scoring: { ...scoring, scale: v ?? undefined } })} />
                  </Form.Item>
                </Col>
              </>
            )}
            {scoring?.method === 'bands' && (
              <>
                <Col span={16}>
                  <JsonField id={id('bands')} label={t('sys_bands')} value={scoring.bands} disabled={disabled} onChange={(bands) => onChange({ scoring: { ...scoring, bands } })} />
                </Col>
                <Col span={8}>
                  <Form.Item label={t('sys_otherwise')} htmlFor={id('otherwise')}>
                    <InputNumber id={id('otherwise')} min={0} max={100} style={{ width: '100%' }} value={scoring.otherwise ?? null} onChange={(v) => onChange({ scoring: { ...scoring, otherwise: v ?? undefined } })} />
                  </Form.Item>
                </Col>
              </>
            )}
          </>
        ) : (
          <>
            <Col span={24}>
              <WeightingEditor
                idPrefix={`sys-${nodeKey}`}
                label={t('sys_weighting')}
                weighting={weighting}
                childCodes={(node.children ?? []).map((c) => c.code)}
                disabled={disabled}
                status={status('weighting') ?? status('children')}
                help={help('weighting') ?? help('children')}
                onChange={(next) => onChange({ weighting: next })}
              />
            </Col>
            {weighting?.ahp?.experts !== undefined && (
              <Col span={24}>
                <JsonField
                  id={id('experts')}
                  label={t('sys_judgements')}
                  value={weighting.ahp.experts}
                  disabled={disabled}
                  onChange={(experts) => onChange({ weighting: { ...weighting, ahp: { ...weighting.ahp, experts } } })}
                />
              </Col>
            )}
          </>
        )}
      </Row>
    </Form>
  );
}

export function SystemsPage({ onError, canEdit }: { onError: (message: string) => void; canEdit: boolean }) {
  const t = useT();
  const localized = useLocalized();
  const language = useContext(LanguageContext);
  const [systems, setSystems] = useState<SystemSummary[] | null>(null);
  const [code, setCode] = useState<string>('');
  const [version, setVersion] = useState<string>('');
  const [view, setView] = useState<SystemVersionView | null>(null);
  const [draft, setDraft] = useState<SystemDocument | null>(null);
  const [dirty, setDirty] = useState(false);
  const [selected, setSelected] = useState<number[] | null>(null);
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const [problems, setProblems] = useState<Problem[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [saving, setSaving] = useState<{ version: string; error: string | null; busy: boolean } | null>(null);
  const [publishing, setPublishing] = useState<{ diff: SystemDiff | null; busy: boolean; error: string | null } | null>(null);
  /** The server's answer for the latest edit; `weights` are those of the last edit that compiled. */
  const [preview, setPreview] = useState<{ answer: SystemPreview; weights: Pick<SystemPreview, 'nodes' | 'groups'> | null } | null>(null);
  const [previewing, setPreviewing] = useState(false);
  /** Tickets for the previews: an answer to an older edit than the latest is dropped. */
  const previewTickets = useRef(latestOnly());

  const failed = useCallback((e: unknown) => onError(e instanceof Error ? e.message : String(e)), [onError]);

  const loadSystems = useCallback(
    (select?: { code: string; version: string }) =>
      api.systems().then((list) => {
        setSystems(list);
        const chosen = select ? list.find((s) => s.code === select.code) : list[0];
        if (chosen) {
          setCode(chosen.code);
          setVersion(select?.version ?? chosen.currentVersion ?? chosen.versions.at(-1)!.version);
        }
      }, failed),
    [failed],
  );
  useEffect(() => void loadSystems(), [loadSystems]);

  useEffect(() => {
    if (!code || !version) return;
    let live = true;
    setView(null);
    api.systemVersion(code, version).then((v) => {
      if (!live) return;
      setPreview(null);
      setView(v);
      setDraft(structuredClone(v.document) as unknown as SystemDocument);
      setDirty(false);
      setSelected((s) => s ?? [0]);
    }, failed);
    return () => {
      live = false;
    };
  }, [code, version, failed]);

  // Live preview: after each edit (debounced), the server validates and compiles the edited document
  // without storing it. Only the answer to the latest edit is used.
  useEffect(() => {
    // A draft of another system (between choosing a system and its loading) is not previewed.
    if (!canEdit || !draft || !code || draft.code !== code) return;
    const ticket = previewTickets.current.start();
    setPreviewing(true);
    const timer = setTimeout(() => {
      applyIfLatest(ticket, api.previewSystem(code, draft), (answer) => {
        setPreview((previous) => ({ answer, weights: answer.ok ? { nodes: answer.nodes, groups: answer.groups } : (previous?.weights ?? null) }));
        setProblems(answer.problems);
        setPreviewing(false);
      }).catch((e: unknown) => {
        if (!ticket.isLatest()) return;
        setPreviewing(false);
        failed(e);
      });
    }, PREVIEW_DELAY_MS);
    return () => clearTimeout(timer);
  }, [draft, code, canEdit, failed]);

  const system = systems?.find((s) => s.code === code);
  const weightSource = preview?.weights ?? view;
  const weightsByCode = useMemo(() => new Map((weightSource?.nodes ?? []).map((n) => [n.code, n])), [weightSource]);
  const crByCode = useMemo(() => new Map((weightSource?.groups ?? []).map((g) => [g.code, g.cr])), [weightSource]);
  const peerGroups = useMemo(() => (draft ? peerGroupsOf(draft) : []), [draft]);
  const problemsByKey = useMemo(() => {
    const map = new Map<string | null, { field: string; message: string }[]>();
    for (const p of problems) {
      const target = problemTarget(p.path);
      const message = language === 'zh' ? (p.messageZh ?? p.message) : p.message;
      map.set(target.key, [...(map.get(target.key) ?? []), { field: target.field, message }]);
    }
    return map;
  }, [problems, language]);

  const treeData = useMemo(() => {
    if (!draft) return [];
    const build = (list: DocNode[], parent: number[]): object[] =>
      list.map((node, i) => {
        const path = [...parent, i];
        const key = keyOf(path);
        const weights = weightsByCode.get(node.code);
        const nodeProblems = problemsByKey.get(key);
        const cr = node.children ? crByCode.get(node.code) : null;
        return {
          key,
          title: (
            <span className={nodeProblems ? 'tree-node has-problems' : 'tree-node'}>
              <span>{`${node.code} ${localized(node.name)}`}</span>
              {Array.isArray(node.veto) && node.veto.length > 0 && (
                <Tag color="red" className="veto-tag" style={{ marginLeft: 6 }}>
                  {t('sys_vetoTag')}
                </Tag>
              )}
              <WeightBar share={weights?.globalWeight} label={t('sys_globalWeight')} />
              {cr !== null && cr !== undefined && (
                <Tag color={cr < 0.1 ? 'green' : 'red'} className="tree-node-cr" style={{ marginLeft: 6 }}>
                  {`CR ${cr.toFixed(3)}`}
                </Tag>
              )}
              {nodeProblems && (
                <Typography.Text type="danger" className="tree-node-problem" style={{ display: 'block', fontSize: '0.85em' }}>
                  {nodeProblems.map((p) => p.message).join('；')}
                </Typography.Text>
              )}
            </span>
          ),
          children: node.children ? build(node.children, path) : undefined,
        };
      });
    return build(draft.indicators, []);
  }, [draft, weightsByCode, crByCode, problemsByKey, localized, t]);

  const expandedKeys = useMemo(() => {
    const keys: string[] = [];
    const walk = (list: DocNode[] | undefined, parent: number[]) =>
      list?.forEach((node, i) => {
        const path = [...parent, i];
        if (node.children && !collapsed.has(node.code)) keys.push(keyOf(path));
        walk(node.children, path);
      });
    walk(draft?.indicators, []);
    return keys;
  }, [draft, collapsed]);

  const edit = (result: { doc: SystemDocument; path: number[] }, structural = true) => {
    if (result.doc !== draft) {
      // AHP judgement rows and columns follow their child when the tree changes shape.
      setDraft(structural && draft ? reconcileJudgements(draft, result.doc) : result.doc);
      setDirty(true);
      if (structural) setProblems([]);
    }
    setSelected(result.path);
  };
  const selectedNode = draft && selected ? nodeAt(draft, selected) : undefined;
  const selectedKey = selected ? keyOf(selected) : '';

  const openSave = () => {
    // The next free version: 2025.1 → 2025.2 (or 2025.3 when 2025.2 is taken); otherwise v → v-1.
    const taken = new Set(system?.versions.map((v) => v.version));
    const match = /^(.*?)(\d+)$/.exec(version);
    const [prefix, start] = match ? [match[1]!, Number(match[2])] : [`${version}-`, 0];
    let k = start + 1;
    while (taken.has(`${prefix}${k}`)) k++;
    setSaving({ version: `${prefix}${k}`, error: null, busy: false });
  };

  const save = async () => {
    if (!draft || !saving) return;
    if (system?.versions.some((v) => v.version === saving.version.trim())) return setSaving({ ...saving, error: t('sys_versionExists') });
    setSaving({ ...saving, busy: true, error: null });
    try {
      const saved = await api.saveSystemVersion(code, { ...draft, version: saving.version.trim() });
      setSaving(null);
      setProblems([]);
      setNotice(`${t('sys_saved')}：${saved.version}`);
      await loadSystems({ code, version: saved.version });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'validation_failed' && Array.isArray(e.details)) {
        setSaving(null);
        // The live preview has the same problems in both languages; the refusal's details are English only.
        setProblems((current) => (current.length ? current : (e.details as Problem[])));
        setNotice(null);
        const first = (e.details as Problem[]).map((p) => problemTarget(p.path).key).find((k) => k !== null);
        if (first) setSelected(pathOf(first));
      } else {
        setSaving({ ...saving, busy: false, error: e instanceof Error ? e.message : String(e) });
      }
    }
  };

  const openPublish = async () => {
    setPublishing({ diff: null, busy: true, error: null });
    try {
      const diff = system?.currentVersion && system.currentVersion !== version ? await api.systemDiff(code, system.currentVersion, version) : null;
      setPublishing({ diff, busy: false, error: null });
    } catch (e) {
      setPublishing({ diff: null, busy: false, error: e instanceof Error ? e.message : String(e) });
    }
  };

  const publish = async () => {
    if (!publishing) return;
    setPublishing({ ...publishing, busy: true });
    try {
      await api.publishSystemVersion(code, version);
      setPublishing(null);
      setNotice(`${t('sys_publishedOk')}：${version}`);
      await loadSystems({ code, version });
      setView((v) => (v ? { ...v, status: 'published' } : v));
    } catch (e) {
      setPublishing({ ...publishing, busy: false, error: e instanceof Error ? e.message : String(e) });
    }
  };

  /** "目标值 95 → 97"; structured values (scoring, weighting…) by their label only. */
  const describeField = (f: { field: string; before: unknown; after: unknown }) => {
    const label = FIELD_LABEL[f.field] ? t(FIELD_LABEL[f.field]!) : f.field;
    const structured = (v: unknown) => typeof v === 'object' && v !== null;
    return structured(f.before) || structured(f.after) ? label : `${label} ${JSON.stringify(f.before)} → ${JSON.stringify(f.after)}`;
  };

  if (!systems) return <Spin description={t('loading')} />;
  if (systems.length === 0) return <Empty description={t('sys_none')} />;
  const versionInfo = system?.versions.find((v) => v.version === version);
  const documentProblems = problemsByKey.get(null) ?? [];
  const diff = publishing?.diff;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} className="systems-editor">
      <Typography.Title level={2}>{t('systems')}</Typography.Title>
      <Space wrap>
        <label>
          {t('system')}{' '}
          <Select
            aria-label={t('system')}
            style={{ minWidth: 320 }}
            value={code}
            onChange={(value: string) => {
              const next = systems.find((s) => s.code === value)!;
              setSelected([0]);
              setProblems([]);
              setCode(value);
              setVersion(next.currentVersion ?? next.versions.at(-1)!.version);
            }}
            options={systems.map((s) => ({ value: s.code, label: `${localized(s.name)}（${s.code}）` }))}
          />
        </label>
        <label>
          {t('sys_version')}{' '}
          <Select
            aria-label={t('sys_version')}
            style={{ minWidth: 220 }}
            value={version}
            onChange={(value: string) => {
              setProblems([]);
              setVersion(value);
            }}
            options={(system?.versions ?? []).map((v) => ({
              value: v.version,
              label: `${v.version} · ${t(`sys_status_${v.status}` as MessageKey)}${v.version === system?.currentVersion ? ` · ${t('sys_current')}` : ''}`,
            }))}
          />
        </label>
        {versionInfo && <Tag color={STATUS_COLOUR[versionInfo.status]}>{t(`sys_status_${versionInfo.status}` as MessageKey)}</Tag>}
        {version === system?.currentVersion && <Tag color="blue">{t('sys_current')}</Tag>}
        {dirty && <Tag color="orange">{t('sys_unsaved')}</Tag>}
        {previewing && dirty && (
          <Tag color="processing" className="previewing">
            {t('sys_previewing')}
          </Tag>
        )}
        {canEdit && (
          <>
            <Button type="primary" onClick={openSave} disabled={!draft}>
              {t('sys_saveAs')}
            </Button>
            {dirty && (
              <Button
                onClick={() => {
                  setDraft(view ? (structuredClone(view.document) as unknown as SystemDocument) : null);
                  setDirty(false);
                  setProblems([]);
                }}
              >
                {t('sys_discard')}
              </Button>
            )}
            {versionInfo?.status === 'draft' && !dirty && (
              <Button onClick={() => void openPublish()} className="publish-button">
                {t('sys_publish')}
              </Button>
            )}
          </>
        )}
      </Space>
      {!canEdit && <Alert type="info" showIcon title={t('sys_readOnly')} />}
      {notice && <Alert type="success" showIcon role="status" title={notice} closable onClose={() => setNotice(null)} />}
      {problems.length > 0 && <Alert type="error" showIcon role="alert" className="save-problems" title={`${t('sys_errors')}（${problems.length}）`} />}
      {documentProblems.length > 0 && (
        <Alert type="error" showIcon title={t('sys_documentErrors')} description={<ul style={{ margin: 0, paddingLeft: 18 }}>{documentProblems.map((p, i) => <li key={i}>{p.message}</li>)}</ul>} />
      )}
      {!view || !draft ? (
        <Spin description={t('loading')} />
      ) : (
        <>
          <Collapse
            className="system-settings-panel"
            items={[
              {
                key: 'settings',
                label: (
                  <span>
                    {t('sys_settings')}{' '}
                    <Typography.Text type="secondary" style={{ fontSize: '0.85em' }}>
                      {t('sys_settingsHint')}
                    </Typography.Text>
                    {documentProblems.length > 0 && <Tag color="red" style={{ marginLeft: 8 }}>{documentProblems.length}</Tag>}
                  </span>
                ),
                children: (
                  <SystemSettings
                    draft={draft}
                    disabled={!canEdit}
                    problems={documentProblems}
                    metricsUsed={preview?.answer.metrics.length ? preview.answer.metrics : Object.keys((draft.metrics as object | undefined) ?? {})}
                    rootCr={crByCode.get('$root')}
                    onChange={(patch) => edit({ doc: updateDocument(draft, patch), path: selected ?? [0] }, false)}
                  />
                ),
              },
            ]}
          />
          <Row gutter={16}>
            <Col xs={24} lg={10}>
              <Card title={t('sys_tree')} size="small" extra={<Typography.Text type="secondary">{t('sys_weightsNote')}</Typography.Text>}>
                {canEdit && (
                  <Space wrap style={{ marginBottom: 8 }} className="tree-toolbar">
                    <Button size="small" onClick={() => edit(addChild(draft, selected ?? []))}>{t('sys_addChild')}</Button>
                    <Button size="small" disabled={!selected} onClick={() => selected && edit(addSibling(draft, selected))}>{t('sys_addSibling')}</Button>
                    <Button size="small" onClick={() => edit(addChild(draft, []))}>{t('sys_addTop')}</Button>
                    <Button size="small" disabled={!selected} onClick={() => selected && edit(moveNode(draft, selected, -1))}>{t('sys_moveUp')}</Button>
                    <Button size="small" disabled={!selected} onClick={() => selected && edit(moveNode(draft, selected, 1))}>{t('sys_moveDown')}</Button>
                    <Button size="small" disabled={!selected} onClick={() => selected && edit(indentNode(draft, selected))}>{t('sys_indent')}</Button>
                    <Button size="small" disabled={!selected || selected.length < 2} onClick={() => selected && edit(outdentNode(draft, selected))}>{t('sys_outdent')}</Button>
                    <Popconfirm title={t('sys_removeConfirm')} okText={t('sys_ok')} cancelText={t('sys_cancel')} onConfirm={() => selected && edit(removeNode(draft, selected))} disabled={!selected}>
                      <Button size="small" danger disabled={!selected}>{t('sys_remove')}</Button>
                    </Popconfirm>
                  </Space>
                )}
                <Typography.Paragraph type="secondary" style={{ marginBottom: 4, fontSize: '0.85em' }}>{t('sys_treeHint')}</Typography.Paragraph>
                <Tree
                  aria-label={t('sys_tree')}
                  className="indicator-tree"
                  blockNode
                  showLine
                  treeData={treeData as never}
                  selectedKeys={selected ? [selectedKey] : []}
                  expandedKeys={expandedKeys}
                  onExpand={(_keys, info) => {
                    const node = nodeAt(draft, pathOf(String(info.node.key)));
                    if (!node) return;
                    const next = new Set(collapsed);
                    if (info.expanded) next.delete(node.code);
                    else next.add(node.code);
                    setCollapsed(next);
                  }}
                  onSelect={(keys) => keys[0] !== undefined && setSelected(pathOf(String(keys[0])))}
                  draggable={canEdit ? { icon: false } : false}
                  onDrop={(info) => {
                    const to = pathOf(String(info.node.key));
                    const from = pathOf(String(info.dragNode.key));
                    const expandedGroup = Boolean(nodeAt(draft, to)?.children) && info.node.expanded;
                    edit(dropNode(draft, from, to, dropPlace(info.node.pos, info.dropPosition, info.dropToGap, expandedGroup)));
                  }}
                />
              </Card>
            </Col>
            <Col xs={24} lg={14}>
              <Card title={selectedNode ? `${selectedNode.code} ${localized(selectedNode.name)}` : t('indicator')} size="small">
                {selectedNode && selected ? (
                  <NodeForm
                    key={selectedKey}
                    node={selectedNode}
                    nodeKey={selectedKey}
                    weights={weightsByCode.get(selectedNode.code)}
                    cr={crByCode.get(selectedNode.code)}
                    problems={problemsByKey.get(selectedKey) ?? []}
                    peerGroups={peerGroups}
                    disabled={!canEdit}
                    onChange={(patch) => edit({ doc: updateNode(draft, selected as NodePath, patch), path: selected }, false)}
                  />
                ) : (
                  <Empty description={t('sys_selectNode')} />
                )}
              </Card>
            </Col>
          </Row>
        </>
      )}
      <Modal
        open={saving !== null}
        title={t('sys_saveAs')}
        okText={t('sys_ok')}
        cancelText={t('sys_cancel')}
        confirmLoading={saving?.busy ?? false}
        onOk={() => void save()}
        onCancel={() => setSaving(null)}
        destroyOnHidden
      >
        <Form layout="vertical" onFinish={() => void save()}>
          <Form.Item label={t('sys_newVersion')} htmlFor="sys-new-version" validateStatus={saving?.error ? 'error' : undefined} help={saving?.error ?? undefined}>
            <Input id="sys-new-version" value={saving?.version ?? ''} autoFocus onChange={(e) => saving && setSaving({ ...saving, version: e.target.value, error: null })} onPressEnter={() => void save()} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={publishing !== null}
        title={`${t('sys_publishTitle')} ${code} ${version}`}
        okText={t('sys_publish')}
        cancelText={t('sys_cancel')}
        confirmLoading={publishing?.busy ?? false}
        okButtonProps={{ className: 'confirm-publish' }}
        onOk={() => void publish()}
        onCancel={() => setPublishing(null)}
        destroyOnHidden
      >
        <Typography.Paragraph>{t('sys_publishNote')}</Typography.Paragraph>
        {publishing?.error && <Alert type="error" showIcon title={publishing.error} />}
        {diff && (
          <div className="publish-diff">
            <Typography.Text strong>{`${t('sys_diffAgainst')}（${system?.currentVersion}）`}</Typography.Text>
            {diff.added.length + diff.removed.length + diff.moved.length + diff.changed.length === 0 ? (
              <Typography.Paragraph>{t('sys_noChanges')}</Typography.Paragraph>
            ) : (
              <ul>
                {diff.added.length > 0 && <li>{`${t('sys_added')}：${diff.added.map((n) => n.code).join('、')}`}</li>}
                {diff.removed.length > 0 && <li>{`${t('sys_removed')}：${diff.removed.map((n) => n.code).join('、')}`}</li>}
                {diff.moved.length > 0 && <li>{`${t('sys_moved')}：${diff.moved.map((n) => n.code).join('、')}`}</li>}
                {diff.changed.map((c) => (
                  <li key={c.code}>{`${t('sys_changed')} ${c.code}：${c.fields.map(describeField).join('，')}`}</li>
                ))}
                {diff.weights.length > 0 && <li>{`${t('sys_weightChanged')}：${diff.weights.map((w) => `${w.code} ${percent(w.before)} → ${percent(w.after)}`).join('，')}`}</li>}
              </ul>
            )}
          </div>
        )}
      </Modal>
    </Space>
  );
}
