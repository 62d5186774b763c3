// The embeddable feedback widget: a floating 一键反馈 button that opens an accessible dialog
// (native <dialog>: labelled, focus kept inside, Esc closes, all of it works by keyboard), and the
// 好差评 rating invitation shown when a case completes. It lives in a shadow root so the host
// page's styles neither break it nor are touched by it. Every node is made with createElement and
// every text set with textContent: whatever a citizen types (or a server echoes) is never parsed
// as HTML. zh-CN by default, English on request; sizes follow the page's root font size, and a
// 大字 toggle enlarges everything.
import { createGovperfClient, type ContributorStanding, type FetchLike, type GovperfClient, type IntakeReceipt, type StorageLike, type SubmitOutcome } from './client';
import {
  FEEDBACK_KIND_LABELS,
  FEEDBACK_KINDS,
  FEEDBACK_TEXT_MAX,
  RATING_COMMENT_MAX,
  RATING_DIMENSION_LABELS,
  RATING_DIMENSIONS,
  RATING_LEVELS,
  type FeedbackKind,
  type RatingChannel,
  type RatingDimension,
  type RatingStage,
} from './constants';
import { GovperfError, type Lang } from './errors';

export interface WidgetOptions {
  /** The govperf server's origin; default: where widget.js was loaded from, else this page's origin. */
  endpoint?: string;
  appVersion: string;
  /** zh (default) or en; zh-CN / en-US are understood too. */
  lang?: string;
  appId?: string;
  orgUnit?: string;
  /** Show the floating button (default true); without it, call open() from your own button. */
  button?: boolean;
  position?: 'bottom-right' | 'bottom-left';
  /** Where the widget is attached (default document.body). */
  container?: HTMLElement;
  /** Share a client made elsewhere; otherwise the widget makes one. */
  client?: GovperfClient;
  storage?: StorageLike;
  fetch?: FetchLike;
  onSubmitted?: (outcome: SubmitOutcome) => void;
  /**
   * Look up, at most once an hour, the progress of the feedback sent from this device (its last
   * five tracking codes still open) and say so when a status changed (default true).
   */
  watchProgress?: boolean;
  /** Show this device's 体验官 points and stars in the dialog footer (default true); hidden when unreachable. */
  showPoints?: boolean;
}

export interface RatingInvitation {
  stage?: RatingStage;
  channel?: RatingChannel;
  /** Shown in the invitation, e.g. the service item's name (as text). */
  title?: string;
}

export interface FeedbackWidget {
  readonly client: GovperfClient;
  open(): void;
  close(): void;
  /** Shows the 好差评 invitation for a completed case (办件). */
  inviteRating(caseId: string, invitation?: RatingInvitation): void;
  setLang(lang: string): void;
  destroy(): void;
}

const TEXT = {
  button: { zh: '一键反馈', en: 'Feedback' },
  title: { zh: '意见反馈', en: 'Feedback' },
  intro: { zh: '告诉我们您遇到的问题或建议。提交后凭查询码即可跟踪办理进度，无需登录。', en: 'Tell us about a problem or an idea. You can follow it with a tracking code, without signing in.' },
  kind: { zh: '反馈类型', en: 'Kind' },
  text: { zh: '反馈内容', en: 'Your feedback' },
  count: { zh: '已输入 {n} / {max} 字', en: '{n} / {max} characters' },
  over: { zh: '已超出 {n} 字', en: '{n} over the limit' },
  phone: { zh: '手机号（选填，需要答复时填写）', en: 'Phone (optional, if you want an answer)' },
  privacy: {
    zh: '我们会记录提交时间、所在页面、设备类型和应用版本，用于定位问题；不会记录您的身份。手机号仅在您填写时用于答复，加密保存。',
    en: 'We record the time, the page, the device type and the app version to locate the problem, never who you are. A phone number, only if you give one, is used to answer you and stored encrypted.',
  },
  submit: { zh: '提交', en: 'Submit' },
  sending: { zh: '正在提交…', en: 'Sending…' },
  cancel: { zh: '取消', en: 'Cancel' },
  close: { zh: '关闭', en: 'Close' },
  largeText: { zh: '大字', en: 'Larger text' },
  language: { zh: 'English', en: '中文' },
  doneTitle: { zh: '提交成功', en: 'Thank you' },
  code: { zh: '查询码：', en: 'Tracking code: ' },
  follow: { zh: '查看办理进度', en: 'Follow its progress' },
  yours: { zh: '您提交的内容：', en: 'What you sent:' },
  duplicate: { zh: '（此前已收到，未重复登记）', en: ' (received before; not stored twice)' },
  queuedTitle: { zh: '已保存，待发送', en: 'Saved, waiting to be sent' },
  queued: { zh: '网络暂时不可用。您的内容已保存在本设备，联网后会自动发送，无需重新填写。', en: 'The network is unavailable. Your submission is saved on this device and will be sent automatically when you are back online.' },
  deliveredLater: { zh: '您之前保存的反馈已送达，查询码：{code}', en: 'Your saved feedback has been delivered. Tracking code: {code}' },
  progressed: { zh: '您的反馈 {code} 有新进展：{status}', en: 'News on your feedback {code}: {status}' },
  another: { zh: '再提一条', en: 'Send another' },
  rateTitle: { zh: '请您对本次服务作出评价', en: 'Please rate this service' },
  rateIntro: { zh: '您的办件 {case} 已办结。', en: 'Your case {case} is complete.' },
  level: { zh: '总体评价', en: 'Overall' },
  dimensions: { zh: '分项评价（选填）', en: 'In detail (optional)' },
  notRated: { zh: '不评价', en: 'No rating' },
  comment: { zh: '评价留言（选填）', en: 'Comment (optional)' },
  badPhone: { zh: '留下手机号，我们将回访并告知整改结果（选填）', en: 'Leave a phone number and we will call back and tell you what was done (optional)' },
  chooseLevel: { zh: '请选择总体评价。', en: 'Please choose an overall rating.' },
  rateDone: { zh: '感谢您的评价', en: 'Thank you for your rating' },
  later: { zh: '以后再说', en: 'Not now' },
  points: { zh: '我的积分 {n}', en: 'My points {n}' },
  stars: { zh: '{n} 星（共 5 星）', en: '{n} of 5 stars' },
  nextStar: { zh: '再得 {n} 分升星', en: '{n} more to the next star' },
} as const;
type Key = keyof typeof TEXT;

const CSS = `
:host { all: initial; }
* { box-sizing: border-box; }
.root { font-family: system-ui, -apple-system, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; font-size: max(1rem, 16px); line-height: 1.5; color: #1f1f1f; }
.root.large { font-size: max(1.35rem, 22px); }
.fab { position: fixed; bottom: 1.25em; right: 1.25em; z-index: 2147483000; min-height: 2.75em; padding: 0.5em 1.1em; border: 0; border-radius: 1.5em; background: #c41d24; color: #fff; font: inherit; font-weight: 600; cursor: pointer; box-shadow: 0 2px 8px rgba(0,0,0,.3); }
.fab.left { right: auto; left: 1.25em; }
.fab:focus-visible, button:focus-visible, a:focus-visible, select:focus-visible, textarea:focus-visible, input:focus-visible { outline: 3px solid #1668dc; outline-offset: 2px; }
dialog { width: min(34em, calc(100vw - 1.5em)); max-height: calc(100vh - 1.5em); overflow: auto; padding: 1.25em; border: 0; border-radius: 0.75em; color: #1f1f1f; background: #fff; font: inherit; box-shadow: 0 8px 32px rgba(0,0,0,.35); }
dialog::backdrop { background: rgba(0,0,0,.45); }
.head { display: flex; align-items: center; gap: 0.5em; }
.head h2 { flex: 1; margin: 0; font-size: 1.25em; }
.tool { min-height: 2.25em; padding: 0.25em 0.6em; border: 1px solid #8c8c8c; border-radius: 0.4em; background: #fff; color: #1f1f1f; font: inherit; font-size: 0.875em; cursor: pointer; }
.tool[aria-pressed="true"] { background: #1f1f1f; color: #fff; }
p { margin: 0.5em 0; }
.field { display: flex; flex-direction: column; gap: 0.25em; margin: 0.75em 0; }
label, legend { font-weight: 600; }
select, textarea, input[type=tel] { font: inherit; padding: 0.45em 0.6em; border: 1px solid #8c8c8c; border-radius: 0.4em; color: #1f1f1f; background: #fff; }
textarea { min-height: 7em; resize: vertical; }
.count { font-size: 0.875em; color: #595959; }
.count.over, .error { color: #a8071a; font-weight: 600; }
.error:empty { display: none; }
.hint { font-size: 0.875em; color: #595959; }
fieldset { border: 1px solid #d9d9d9; border-radius: 0.5em; margin: 0.75em 0; padding: 0.5em 0.75em; }
.levels { display: flex; flex-wrap: wrap; gap: 0.4em 1em; }
.levels label { font-weight: 400; display: inline-flex; align-items: center; gap: 0.3em; min-height: 2.25em; }
.levels input { width: 1.15em; height: 1.15em; }
.dim { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 0.25em 0.75em; margin: 0.35em 0; }
.dim label { font-weight: 400; }
.actions { display: flex; flex-wrap: wrap; gap: 0.75em; justify-content: flex-end; margin-top: 1em; }
.primary, .secondary { min-height: 2.75em; padding: 0.4em 1.2em; border-radius: 0.4em; font: inherit; cursor: pointer; }
.primary { border: 0; background: #c41d24; color: #fff; font-weight: 600; }
.primary[disabled] { opacity: .6; cursor: progress; }
.secondary { border: 1px solid #8c8c8c; background: #fff; color: #1f1f1f; }
.code { font-size: 1.25em; font-weight: 700; letter-spacing: .05em; }
blockquote { margin: 0.5em 0; padding: 0.5em 0.75em; border-left: 4px solid #d9d9d9; background: #fafafa; white-space: pre-wrap; overflow-wrap: anywhere; max-height: 12em; overflow: auto; }
a { color: #0958d9; }
.toast { position: fixed; bottom: 5em; right: 1.25em; z-index: 2147483000; max-width: min(28em, calc(100vw - 2.5em)); padding: 0.75em 1em; border-radius: 0.5em; background: #135200; color: #fff; box-shadow: 0 2px 8px rgba(0,0,0,.3); }
.toast:empty { display: none; }
.points { margin: 1em 0 0; padding-top: 0.6em; border-top: 1px solid #f0f0f0; font-size: 0.875em; color: #595959; overflow-wrap: anywhere; }
.points .stars { color: #ad6800; letter-spacing: 0.05em; }
.points strong { color: #1f1f1f; }
.toast a { color: #fff; font-weight: 600; }
.toast button { margin-left: 0.75em; min-height: 2em; padding: 0 0.6em; border: 1px solid #fff; border-radius: 0.4em; background: transparent; color: #fff; font: inherit; cursor: pointer; }
@media (prefers-reduced-motion: no-preference) { .fab { transition: transform .15s; } .fab:hover { transform: translateY(-2px); } }
`;

/** Where the widget script came from, set by the IIFE entry; the default endpoint. */
let scriptOrigin = '';
export function setDefaultEndpoint(origin: string): void {
  scriptOrigin = origin;
}

const normaliseLang = (lang: string | undefined): Lang => (lang && lang.toLowerCase().startsWith('en') ? 'en' : 'zh');

type Props = { className?: string; text?: string; attrs?: Record<string, string>; on?: Record<string, (event: Event) => void> };

/** createElement with text set as text: the only way the widget makes DOM. */
function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, children: (Node | null | false)[] = []): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.className) node.className = props.className;
  if (props.text !== undefined) node.textContent = props.text;
  for (const [name, value] of Object.entries(props.attrs ?? {})) node.setAttribute(name, value);
  for (const [type, listener] of Object.entries(props.on ?? {})) node.addEventListener(type, listener);
  for (const child of children) if (child) node.append(child);
  return node;
}

let instances = 0;

export function mountFeedbackWidget(options: WidgetOptions): FeedbackWidget {
  if (typeof document === 'undefined') throw new Error('mountFeedbackWidget needs a browser document');
  const uid = `gp${++instances}`;
  let lang = normaliseLang(options.lang);
  const endpoint = (options.endpoint ?? scriptOrigin).replace(/\/+$/, '');
  const client =
    options.client ??
    createGovperfClient({
      endpoint,
      appVersion: options.appVersion,
      lang,
      ...(options.appId ? { appId: options.appId } : {}),
      ...(options.orgUnit ? { orgUnit: options.orgUnit } : {}),
      ...(options.storage ? { storage: options.storage } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  const t = (key: Key, vars: Record<string, string | number> = {}) => TEXT[key][lang].replace(/\{(\w+)\}/g, (_m, name: string) => String(vars[name] ?? ''));
  const largeKey = 'govperf.widget.large';
  const readLarge = () => {
    try {
      return localStorage.getItem(largeKey) === '1';
    } catch {
      return false;
    }
  };

  const host = h('div', { attrs: { 'data-govperf-widget': '' } });
  const shadow = host.attachShadow({ mode: 'open' });
  const Sheet = (globalThis as { CSSStyleSheet?: typeof CSSStyleSheet }).CSSStyleSheet;
  if (Sheet && 'adoptedStyleSheets' in shadow && 'replaceSync' in Sheet.prototype) {
    // A constructed sheet needs no inline <style>, so a strict style-src on the host page is fine.
    const sheet = new Sheet();
    sheet.replaceSync(CSS);
    shadow.adoptedStyleSheets = [sheet];
  } else {
    shadow.append(h('style', { text: CSS }));
  }
  const root = h('div', { className: 'root' });
  root.classList.toggle('large', readLarge());
  shadow.append(root);

  const fab = h('button', { className: `fab${options.position === 'bottom-left' ? ' left' : ''}`, attrs: { type: 'button', 'aria-haspopup': 'dialog' } });
  const toast = h('div', { className: 'toast', attrs: { role: 'status', 'aria-live': 'polite' } });
  const dialog = h('dialog', { attrs: { 'aria-labelledby': `${uid}-title`, 'aria-describedby': `${uid}-intro` } });
  if (options.button ?? true) root.append(fab);
  root.append(toast, dialog);
  (options.container ?? document.body).append(host);

  let opener: HTMLElement | null = null;
  /** What the dialog shows, redrawn on a language change with the user's input kept. */
  let view: () => void = () => {};
  const feedbackDraft = { kind: 'suggestion' as FeedbackKind, text: '', phone: '' };
  /** Submissions whose result view waits for delivery. */
  const waiting = new Set<string>();
  let shownSubmission: string | null = null;

  const focusables = () =>
    Array.from(dialog.querySelectorAll<HTMLElement>('button, a[href], select, textarea, input')).filter((node) => !node.hasAttribute('disabled') && node.getClientRects().length > 0);
  dialog.addEventListener('keydown', (event) => {
    if (event.key !== 'Tab') return;
    const items = focusables();
    if (!items.length) return;
    const active = shadow.activeElement;
    const first = items[0]!;
    const last = items[items.length - 1]!;
    if (event.shiftKey && (active === first || !dialog.contains(active))) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (active === last || !dialog.contains(active))) {
      event.preventDefault();
      first.focus();
    }
  });
  dialog.addEventListener('close', () => {
    view = () => {};
    shownSubmission = null;
    (opener ?? fab).focus?.();
    opener = null;
  });

  const show = (render: () => void, focus?: () => HTMLElement | null) => {
    view = render;
    render();
    if (!dialog.open) {
      const active = document.activeElement;
      opener = active instanceof HTMLElement && active !== document.body ? (active === host ? fab : active) : fab;
      dialog.showModal();
    }
    (focus?.() ?? focusables()[0])?.focus();
  };
  const close = () => {
    if (dialog.open) dialog.close();
  };

  const header = (titleKey: Key) => {
    const large = h('button', {
      className: 'tool',
      text: t('largeText'),
      attrs: { type: 'button', 'aria-pressed': String(root.classList.contains('large')) },
      on: {
        click: () => {
          const on = !root.classList.contains('large');
          root.classList.toggle('large', on);
          large.setAttribute('aria-pressed', String(on));
          try {
            localStorage.setItem(largeKey, on ? '1' : '0');
          } catch {
            // not kept
          }
        },
      },
    });
    const language = h('button', { className: 'tool', text: t('language'), attrs: { type: 'button', lang: lang === 'zh' ? 'en' : 'zh-CN' }, on: { click: () => widget.setLang(lang === 'zh' ? 'en' : 'zh') } });
    const closer = h('button', { className: 'tool', text: '×', attrs: { type: 'button', 'aria-label': t('close') }, on: { click: close } });
    return h('div', { className: 'head' }, [h('h2', { text: t(titleKey), attrs: { id: `${uid}-title` } }), large, language, closer]);
  };

  const primaryButton = () => dialog.querySelector<HTMLElement>('.actions .primary');
  const errorBox = () => h('p', { className: 'error', attrs: { role: 'alert', id: `${uid}-error` } });
  const showError = (box: HTMLElement, error: unknown) => {
    box.textContent = error instanceof GovperfError ? error.text(lang) : error instanceof Error ? error.message : String(error);
  };

  // ---- 体验官积分 / contributor points ------------------------------------------------------------
  // The footer line "我的积分 N · ★★☆☆☆ 体验官" for this device's client id: fetched when the dialog
  // opens and after a delivery, kept in memory for redraws, hidden while unknown or unreachable.
  let standing: ContributorStanding | null = null;
  let pointsAsked = 0;
  const paintPoints = (node: HTMLElement) => {
    node.hidden = standing === null;
    if (!standing) return node.replaceChildren();
    const stars = Math.min(5, Math.max(1, Math.trunc(standing.stars)));
    node.replaceChildren(
      h('strong', { text: t('points', { n: standing.points }) }),
      document.createTextNode(' · '),
      h('span', { className: 'stars', text: '★'.repeat(stars) + '☆'.repeat(5 - stars), attrs: { role: 'img', 'aria-label': t('stars', { n: stars }) } }),
      document.createTextNode(` ${standing.title?.[lang] ?? ''}`),
      standing.nextAt !== null && standing.nextAt > standing.points ? document.createTextNode(` · ${t('nextStar', { n: standing.nextAt - standing.points })}`) : document.createTextNode(''),
    );
  };
  const pointsLine = () => {
    const node = h('p', { className: 'points', attrs: { 'data-contributor-points': '' } });
    paintPoints(node);
    return node;
  };
  const repaintPoints = () => dialog.querySelectorAll<HTMLElement>('[data-contributor-points]').forEach(paintPoints);
  async function refreshPoints() {
    if (!(options.showPoints ?? true)) return;
    const asked = ++pointsAsked;
    const offline = (globalThis as { navigator?: { onLine?: boolean } }).navigator?.onLine === false;
    let next: ContributorStanding | null = null;
    if (!offline) {
      try {
        const answer = await client.getContributor();
        next = typeof answer?.points === 'number' ? answer : null;
      } catch {
        // Unreachable or refused: the line stays hidden, without noise.
      }
    }
    if (asked !== pointsAsked) return;
    standing = next;
    repaintPoints();
  }

  // ---- feedback -------------------------------------------------------------------------------
  function renderFeedbackForm() {
    dialog.replaceChildren();
    dialog.setAttribute('lang', lang === 'zh' ? 'zh-CN' : 'en');
    const kind = h('select', { attrs: { id: `${uid}-kind`, name: 'kind' } });
    for (const value of FEEDBACK_KINDS) {
      const option = h('option', { text: FEEDBACK_KIND_LABELS[value][lang], attrs: { value } });
      option.selected = value === feedbackDraft.kind;
      kind.append(option);
    }
    kind.addEventListener('change', () => (feedbackDraft.kind = kind.value as FeedbackKind));
    const count = h('p', { className: 'count', attrs: { id: `${uid}-count`, 'aria-live': 'polite' } });
    const text = h('textarea', { attrs: { id: `${uid}-text`, name: 'text', rows: '6', 'aria-describedby': `${uid}-count ${uid}-privacy`, required: '' } });
    text.value = feedbackDraft.text;
    const updateCount = () => {
      feedbackDraft.text = text.value;
      const n = text.value.trim().length;
      const over = n - FEEDBACK_TEXT_MAX;
      count.textContent = over > 0 ? `${t('count', { n, max: FEEDBACK_TEXT_MAX })} · ${t('over', { n: over })}` : t('count', { n, max: FEEDBACK_TEXT_MAX });
      count.classList.toggle('over', over > 0);
      if (over > 0) text.setAttribute('aria-invalid', 'true');
      else text.removeAttribute('aria-invalid');
    };
    text.addEventListener('input', updateCount);
    updateCount();
    const phone = h('input', { attrs: { id: `${uid}-phone`, name: 'phone', type: 'tel', autocomplete: 'tel', inputmode: 'tel' } });
    phone.value = feedbackDraft.phone;
    phone.addEventListener('input', () => (feedbackDraft.phone = phone.value));
    const error = errorBox();
    const submit = h('button', { className: 'primary', text: t('submit'), attrs: { type: 'submit' } });
    const form = h('form', { attrs: { novalidate: '' } }, [
      h('div', { className: 'field' }, [h('label', { text: t('kind'), attrs: { for: kind.id } }), kind]),
      h('div', { className: 'field' }, [h('label', { text: t('text'), attrs: { for: text.id } }), text, count]),
      h('div', { className: 'field' }, [h('label', { text: t('phone'), attrs: { for: phone.id } }), phone]),
      h('p', { className: 'hint', text: t('privacy'), attrs: { id: `${uid}-privacy` } }),
      error,
      h('div', { className: 'actions' }, [h('button', { className: 'secondary', text: t('cancel'), attrs: { type: 'button' }, on: { click: close } }), submit]),
    ]);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      error.textContent = '';
      const phoneValue = phone.value.trim();
      let pending: Promise<SubmitOutcome>;
      try {
        pending = client.feedback(text.value, { kind: kind.value as FeedbackKind, ...(phoneValue ? { contact: { phone: phoneValue } } : {}) });
      } catch (e) {
        showError(error, e);
        return;
      }
      submit.disabled = true;
      submit.textContent = t('sending');
      pending.then(
        (outcome) => {
          options.onSubmitted?.(outcome);
          if (outcome.state === 'rejected') {
            submit.disabled = false;
            submit.textContent = t('submit');
            showError(error, outcome.error);
            text.focus();
            return;
          }
          const sent = feedbackDraft.text.trim();
          feedbackDraft.text = '';
          feedbackDraft.phone = '';
          if (outcome.state === 'queued') waiting.add(outcome.submissionId);
          const result = outcome.state === 'delivered' ? { receipt: outcome.receipt } : {};
          show(() => renderResult('feedback', outcome.submissionId, sent, result.receipt), primaryButton);
          if (outcome.state === 'delivered') void refreshPoints();
        },
        (e: unknown) => {
          submit.disabled = false;
          submit.textContent = t('submit');
          showError(error, e);
          text.focus();
        },
      );
    });
    dialog.append(header('title'), h('p', { text: t('intro'), attrs: { id: `${uid}-intro` } }), form, pointsLine());
  }

  function renderResult(type: 'feedback' | 'rating', submissionId: string, sent: string, receipt?: IntakeReceipt) {
    dialog.replaceChildren();
    shownSubmission = submissionId;
    const delivered = !!receipt;
    const parts: (Node | null)[] = [
      header(delivered ? (type === 'rating' ? 'rateDone' : 'doneTitle') : 'queuedTitle'),
    ];
    if (receipt) {
      const status = h('p', { attrs: { id: `${uid}-intro`, role: 'status' } }, [
        document.createTextNode(t('code')),
        h('strong', { className: 'code', text: receipt.trackingCode, attrs: { 'data-tracking-code': '' } }),
        receipt.duplicate ? document.createTextNode(t('duplicate')) : null,
      ]);
      parts.push(status);
      const link = h('a', { text: t('follow'), attrs: { href: client.trackUrl(receipt.trackingCode), target: '_blank', rel: 'noopener noreferrer' } });
      parts.push(h('p', {}, [link]));
    } else {
      parts.push(h('p', { text: t('queued'), attrs: { id: `${uid}-intro`, role: 'status' } }));
    }
    if (sent) parts.push(h('p', { className: 'hint', text: t('yours') }), h('blockquote', { text: sent, attrs: { 'data-echo': '' } }));
    const actions = h('div', { className: 'actions' }, [
      type === 'feedback' ? h('button', { className: 'secondary', text: t('another'), attrs: { type: 'button' }, on: { click: () => show(renderFeedbackForm) } }) : null,
      h('button', { className: 'primary', text: t('close'), attrs: { type: 'button' }, on: { click: close } }),
    ]);
    parts.push(actions, pointsLine());
    for (const part of parts) if (part) dialog.append(part);
    view = () => renderResult(type, submissionId, sent, receipt);
  }

  // ---- rating invitation ----------------------------------------------------------------------
  function renderRating(caseId: string, invitation: RatingInvitation, draft: { level: number | null; dims: Record<string, number>; comment: string; phone: string }) {
    dialog.replaceChildren();
    dialog.setAttribute('lang', lang === 'zh' ? 'zh-CN' : 'en');
    const channel: RatingChannel = invitation.channel ?? 'online';
    const error = errorBox();
    const levels = h('div', { className: 'levels', attrs: { role: 'radiogroup', 'aria-required': 'true' } });
    const phoneField = h('div', { className: 'field' });
    const phone = h('input', { attrs: { id: `${uid}-rphone`, type: 'tel', autocomplete: 'tel', inputmode: 'tel' } });
    phone.value = draft.phone;
    phone.addEventListener('input', () => (draft.phone = phone.value));
    phoneField.append(h('label', { text: t('badPhone'), attrs: { for: phone.id } }), phone);
    const syncPhone = () => (phoneField.hidden = !(draft.level !== null && draft.level <= 2));
    for (const level of [5, 4, 3, 2, 1] as const) {
      const input = h('input', { attrs: { type: 'radio', name: `${uid}-level`, value: String(level), id: `${uid}-level-${level}` } });
      input.checked = draft.level === level;
      input.addEventListener('change', () => {
        draft.level = level;
        syncPhone();
      });
      levels.append(h('label', { attrs: { for: input.id } }, [input, document.createTextNode(RATING_LEVELS[level][lang])]));
    }
    syncPhone();
    const dims = h('fieldset', {}, [h('legend', { text: t('dimensions') })]);
    for (const dimension of RATING_DIMENSIONS[channel] as readonly RatingDimension[]) {
      if (dimension === 'overall') continue;
      const select = h('select', { attrs: { id: `${uid}-dim-${dimension}`, name: dimension } });
      select.append(h('option', { text: t('notRated'), attrs: { value: '' } }));
      for (const level of [5, 4, 3, 2, 1] as const) {
        const option = h('option', { text: `${level} ${RATING_LEVELS[level][lang]}`, attrs: { value: String(level) } });
        option.selected = draft.dims[dimension] === level;
        select.append(option);
      }
      select.addEventListener('change', () => {
        if (select.value) draft.dims[dimension] = Number(select.value);
        else delete draft.dims[dimension];
      });
      dims.append(h('div', { className: 'dim' }, [h('label', { text: RATING_DIMENSION_LABELS[dimension][lang], attrs: { for: select.id } }), select]));
    }
    const count = h('p', { className: 'count', attrs: { id: `${uid}-ccount`, 'aria-live': 'polite' } });
    const comment = h('textarea', { attrs: { id: `${uid}-comment`, rows: '3', 'aria-describedby': count.id } });
    comment.value = draft.comment;
    const updateCount = () => {
      draft.comment = comment.value;
      const n = comment.value.trim().length;
      count.textContent = n > RATING_COMMENT_MAX ? `${t('count', { n, max: RATING_COMMENT_MAX })} · ${t('over', { n: n - RATING_COMMENT_MAX })}` : t('count', { n, max: RATING_COMMENT_MAX });
      count.classList.toggle('over', n > RATING_COMMENT_MAX);
    };
    comment.addEventListener('input', updateCount);
    updateCount();
    const submit = h('button', { className: 'primary', text: t('submit'), attrs: { type: 'submit' } });
    const form = h('form', { attrs: { novalidate: '' } }, [
      h('fieldset', {}, [h('legend', { text: t('level'), attrs: { id: `${uid}-level-legend` } }), levels]),
      dims,
      h('div', { className: 'field' }, [h('label', { text: t('comment'), attrs: { for: comment.id } }), comment, count]),
      phoneField,
      error,
      h('div', { className: 'actions' }, [h('button', { className: 'secondary', text: t('later'), attrs: { type: 'button' }, on: { click: close } }), submit]),
    ]);
    levels.setAttribute('aria-labelledby', `${uid}-level-legend`);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      error.textContent = '';
      if (draft.level === null) {
        error.textContent = t('chooseLevel');
        levels.querySelector<HTMLInputElement>('input')?.focus();
        return;
      }
      const phoneValue = draft.level <= 2 ? phone.value.trim() : '';
      let pending: Promise<SubmitOutcome>;
      try {
        pending = client.rate(caseId, {
          stage: invitation.stage ?? 'completion',
          channel,
          level: draft.level,
          dimensions: draft.dims,
          ...(draft.comment.trim() ? { comment: draft.comment } : {}),
          ...(phoneValue ? { contact: { phone: phoneValue } } : {}),
        });
      } catch (e) {
        showError(error, e);
        return;
      }
      submit.disabled = true;
      submit.textContent = t('sending');
      pending.then(
        (outcome) => {
          options.onSubmitted?.(outcome);
          if (outcome.state === 'rejected') {
            submit.disabled = false;
            submit.textContent = t('submit');
            showError(error, outcome.error);
            return;
          }
          if (outcome.state === 'queued') waiting.add(outcome.submissionId);
          show(() => renderResult('rating', outcome.submissionId, '', outcome.state === 'delivered' ? outcome.receipt : undefined), primaryButton);
        },
        (e: unknown) => {
          submit.disabled = false;
          submit.textContent = t('submit');
          showError(error, e);
        },
      );
    });
    const intro = h('p', { text: t('rateIntro', { case: caseId }), attrs: { id: `${uid}-intro` } });
    dialog.append(header('rateTitle'), intro);
    if (invitation.title) dialog.append(h('p', { className: 'hint', text: invitation.title }));
    dialog.append(form);
    view = () => renderRating(caseId, invitation, draft);
  }

  let toastTimer: ReturnType<typeof setTimeout> | undefined;
  /** A short message by the button (role=status), with a close button; gone by itself after a while. */
  const notify = (nodes: Node[], ms: number) => {
    clearTimeout(toastTimer);
    const dismiss = h('button', { text: '×', attrs: { type: 'button', 'aria-label': t('close') }, on: { click: () => toast.replaceChildren() } });
    toast.replaceChildren(...nodes, dismiss);
    toastTimer = setTimeout(() => toast.replaceChildren(), ms);
  };

  // The submitter hears of each change of status without signing in: the tracking codes of this
  // device's feedback are looked up now and then, and a change is announced.
  const progressKey = 'govperf.widget.progress.v1';
  async function watchProgress() {
    let state: { checkedAt: number; statuses: Record<string, string> };
    try {
      state = JSON.parse(localStorage.getItem(progressKey) ?? 'null') ?? { checkedAt: 0, statuses: {} };
    } catch {
      state = { checkedAt: 0, statuses: {} };
    }
    const open = client
      .receipts()
      .filter((r) => r.type === 'feedback' && r.trackingCode && !['online', 'rejected'].includes(state.statuses[r.trackingCode] ?? r.status))
      .slice(-5);
    if (!open.length || Date.now() - state.checkedAt < 3_600_000) return;
    state.checkedAt = Date.now();
    const changed: { code: string; label: string }[] = [];
    for (const receipt of open) {
      try {
        const now = await client.track(receipt.trackingCode);
        const before = state.statuses[receipt.trackingCode] ?? receipt.status;
        if (now.status !== before) changed.push({ code: receipt.trackingCode, label: now.statusLabel?.[lang] ?? now.status });
        state.statuses[receipt.trackingCode] = now.status;
      } catch {
        // Not reachable now: next time.
      }
    }
    try {
      localStorage.setItem(progressKey, JSON.stringify(state));
    } catch {
      // not kept
    }
    const latest = changed.at(-1);
    if (latest) {
      const link = h('a', { text: t('progressed', { code: latest.code, status: latest.label }), attrs: { href: client.trackUrl(latest.code), target: '_blank', rel: 'noopener noreferrer' } });
      notify([link], 60_000);
    }
  }
  if (options.watchProgress ?? true) setTimeout(() => void watchProgress(), 0);

  // Delivered later (after being queued offline): update the open result view, or say so in a toast.
  const unsubscribe = client.subscribe((event) => {
    if (event.type === 'delivered' && waiting.delete(event.item.submissionId)) {
      if (dialog.open && shownSubmission === event.item.submissionId) {
        const sent = typeof event.item.body.text === 'string' ? event.item.body.text : '';
        show(() => renderResult(event.item.type, event.item.submissionId, sent, event.receipt), primaryButton);
        void refreshPoints();
      } else {
        notify([document.createTextNode(t('deliveredLater', { code: event.receipt.trackingCode }))], 30_000);
      }
    }
  });

  const paintFab = () => {
    fab.textContent = t('button');
    root.setAttribute('lang', lang === 'zh' ? 'zh-CN' : 'en');
  };
  paintFab();
  fab.addEventListener('click', () => widget.open());

  const widget: FeedbackWidget = {
    client,
    open: () => {
      show(renderFeedbackForm, () => dialog.querySelector('textarea'));
      void refreshPoints();
    },
    close,
    inviteRating(caseId, invitation = {}) {
      const draft = { level: null, dims: {}, comment: '', phone: '' };
      show(() => renderRating(caseId, invitation, draft), () => dialog.querySelector<HTMLInputElement>('input[type=radio]'));
    },
    setLang(next) {
      lang = normaliseLang(next);
      client.setLang(lang);
      paintFab();
      if (dialog.open) {
        const active = shadow.activeElement as HTMLElement | null;
        const id = active?.id;
        const text = active?.textContent;
        view();
        // Keep the focus where it was (the language button has a new label: find it by class and order).
        const again = (id && shadow.getElementById(id)) || Array.from(dialog.querySelectorAll<HTMLElement>('.tool')).find((b) => b.textContent !== text && b.getAttribute('lang'));
        again?.focus();
      }
    },
    destroy() {
      clearTimeout(toastTimer);
      unsubscribe();
      close();
      host.remove();
      if (!options.client) client.destroy();
    },
  };
  return widget;
}
