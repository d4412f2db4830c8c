/*
 * The consultant desk (served by MatchApi at /desk/desk.js): search, filters with facet counts, detail, comparison,
 * support map, profile recommendations, a shortlist with memos, CSV export, print and copyable links, on the public v1
 * API only.
 *
 * Plain JavaScript, no dependencies, no build step. Every catalog string reaches the page as text (textContent or text
 * nodes); the only HTML inserted is a search highlight, and only after checking it holds nothing but text and <mark>.
 * The URL (query string) carries the whole view state, so a link restores it and back/forward walk through it; the
 * shortlist and its memos are the consultant's own and live in localStorage.
 */
(() => {
  'use strict';

  const API_BASE = '/api/v1';
  const PAGE_SIZE = 20;
  const MAX_PAGE_SIZE = 100;
  const MAX_COMPARE = 4;
  /** Recommendations come 20 at a time (「さらに表示」) up to the API's limit (1–50). */
  const RECOMMENDATION_STEP = 20;
  const MAX_RECOMMENDATIONS = 50;
  /** Details fetched at once for a CSV export (browsers queue more anyway; this keeps the rate limit's share small). */
  const DETAIL_CONCURRENCY = 6;
  const SHORTLIST_STORAGE_KEY = 'matchapi-desk-shortlist';
  const VIEWS = ['search', 'map', 'recommend', 'compare', 'shortlist'];
  const CATALOG_VIEWS = ['search', 'map'];

  /** The list filters with facet counts, in panel order, and their legends. */
  const FACETS = [
    { name: 'stage', legend: '開発段階' },
    { name: 'supportType', legend: '支援の種類' },
    { name: 'need', legend: 'ニーズ' },
    { name: 'applicant', legend: '対象者' },
    { name: 'category', legend: '支援の分類' },
    { name: 'ministry', legend: '省庁' },
  ];

  /** Profile fields and the URL parameters that carry them. */
  const PROFILE_PARAMS = { stage: 'profileStage', applicant: 'profileApplicant', needs: 'profileNeed', supportTypes: 'profileSupportType', query: 'profileQuery' };

  const VIEW_NAMES = { search: '検索結果', map: '支援マップ', recommend: 'プロファイル診断', compare: '制度の比較', shortlist: '候補リスト' };
  const SORT_NAMES = { relevance: '関連度順', name: '名称順', budget: '予算額の大きい順', newest: '開始年度の新しい順' };
  const CALL_STATUSES = { open: '受付中', upcoming: '受付前', closed: '受付終了' };
  const SUPPORT_TYPE_ICONS = { funding: '💰', soft: '👥' };
  const HIGHLIGHT_FIELDS = { name: '名称', aliases: '別名', keywords: 'キーワード', summary: '概要', body: '詳細' };
  const NOT_STATED = '記載なし';
  const OPEN_TO_ALL = '種別を問わない';

  // ---------------------------------------------------------------- DOM helpers

  const $ = (selector, root = document) => root.querySelector(selector);
  const $$ = (selector, root = document) => [...root.querySelectorAll(selector)];

  /** An element with attributes (text: textContent; on: {event: handler}) and children (strings become text nodes). */
  function el(tag, attributes = {}, ...children) {
    return build(document.createElement(tag), attributes, children);
  }

  function svg(tag, attributes = {}, ...children) {
    return build(document.createElementNS('http://www.w3.org/2000/svg', tag), attributes, children);
  }

  function build(node, attributes, children) {
    for (const [name, value] of Object.entries(attributes)) {
      if (value === null || value === undefined || value === false) continue;
      if (name === 'text') node.textContent = value;
      else if (name === 'on') for (const [event, handler] of Object.entries(value)) node.addEventListener(event, handler);
      else node.setAttribute(name, value === true ? '' : String(value));
    }
    node.append(...children.flat(Infinity).filter((child) => child !== null && child !== undefined && child !== false));
    return node;
  }

  const hiddenText = (text) => el('span', { class: 'visually-hidden', text });

  function setStatus(node, text, isError = false) {
    node.textContent = text;
    node.classList.toggle('is-error', isError);
  }

  /**
   * The API's highlight snippets are HTML-escaped text with <mark> around matches. A snippet that holds anything else
   * (another tag, an attribute, a stray < or &) is not inserted at all.
   */
  const MARK_ONLY = /^(?:[^<>&]|&(?:amp|lt|gt|quot|#\d{1,7}|#x[0-9a-fA-F]{1,6});|<mark>|<\/mark>)*$/;

  function highlightFragment(snippet) {
    if (typeof snippet !== 'string' || !MARK_ONLY.test(snippet)) return null;
    const template = document.createElement('template');
    template.innerHTML = snippet;
    return template.content;
  }

  /** Only http(s) links from the catalog become hrefs (never javascript: or data:). */
  function safeHttpUrl(url) {
    try {
      const parsed = new URL(url);
      return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
    } catch {
      return null;
    }
  }

  // ---------------------------------------------------------------- vocabularies and formatting

  let vocabularies = {};

  function label(vocabulary, code) {
    const term = (vocabularies[vocabulary] || []).find((t) => t.code === code);
    return term ? term.label : code;
  }

  const labels = (vocabulary, codes) => codes.map((code) => label(vocabulary, code)).join('・');
  const codesOf = (vocabulary) => (vocabularies[vocabulary] || []).map((t) => t.code);

  const numberFormat = new Intl.NumberFormat('ja-JP', { maximumFractionDigits: 3 });

  /** 1465 (million yen) → "1,465百万円". */
  const formatMillionYen = (amount) => `${numberFormat.format(amount)}百万円`;

  /** 1465 (million yen) → "14億6,500万円" (to the nearest 万円). */
  function formatYen(amountMillionYen) {
    const man = Math.round(amountMillionYen * 100);
    const oku = Math.floor(man / 10000);
    const rest = man % 10000;
    if (oku === 0 && rest === 0) return '0円';
    return `${oku ? `${numberFormat.format(oku)}億` : ''}${rest ? `${numberFormat.format(rest)}万` : ''}円`;
  }

  /** A fiscal year's era name: 2023 → "（令和5年度）"; empty before 平成. */
  function formatEra(year) {
    const [era, first] = year >= 2019 ? ['令和', 2019] : year >= 1989 ? ['平成', 1989] : [null, 0];
    if (!era) return '';
    const n = year - first + 1;
    return `（${era}${n === 1 ? '元' : n}年度）`;
  }

  /** Japanese fiscal year with its era year: 2023 → "2023年度（令和5年度）". */
  const formatFiscalYear = (year) => `${year}年度${formatEra(year)}`;

  function formatPeriod(period) {
    const start = period && period.startFiscalYear;
    const end = period && period.endFiscalYear;
    if (!start && !end) return NOT_STATED;
    return `${start ? `${start}年度` : ''}～${end ? `${end}年度` : ''}`;
  }

  const formatCap = (cap) => `${formatYen(cap.amountMillionYen)}（${cap.per}）`;
  /** The stages a cap is for (`grantCaps[].stages`), e.g. "非臨床"; empty when the cap holds whatever the stage. */
  const capStages = (cap) => labels('stage', cap.stages || []);
  /** A cap with the stages and condition it holds under, as one line for CSV: "【非臨床】7,000万円（…）: …". */
  function formatCapWithCondition(cap) {
    const stages = capStages(cap);
    const text = `${stages ? `【${stages}】` : ''}${formatCap(cap)}`;
    return cap.condition ? `${text}: ${cap.condition}` : text;
  }

  const japaneseDate = new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', year: 'numeric', month: 'long', day: 'numeric' });
  const japaneseDateTime = new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit' });

  /** "2027-02-14" → "2027年2月14日"; a date-time is shown in Japan time. Anything else is shown as given. */
  function formatDate(value) {
    if (typeof value !== 'string' || !value) return '';
    const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (dateOnly) return `${Number(dateOnly[1])}年${Number(dateOnly[2])}月${Number(dateOnly[3])}日`;
    const time = Date.parse(value);
    return Number.isNaN(time) ? value : japaneseDateTime.format(new Date(time));
  }

  /** A date as far as it is known: "2023" → "2023年", "2025-09" → "2025年9月", "2023-01-31" → "2023年1月31日". */
  function formatPartialDate(value) {
    const parts = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value || '');
    if (!parts) return value || '';
    return `${Number(parts[1])}年${parts[2] ? `${Number(parts[2])}月` : ''}${parts[3] ? `${Number(parts[3])}日` : ''}`;
  }

  /**
   * When a seed document was issued, for a citation. Its own wording (`dateText`: 令和5年度, 2025年9月内容改定) comes
   * first: it keeps what a bare year loses (a fiscal year, a revision). An abbreviated wording (R5.1.31) is followed by
   * the month or day in full (2023年1月31日) unless the wording already says it; a year alone adds nothing to it.
   */
  function documentDate(source) {
    const western = formatPartialDate(source.date);
    if (!source.dateText) return western;
    const precise = /^\d{4}-\d{2}/.test(source.date || '');
    return precise && !source.dateText.includes(western) ? `${source.dateText}（${western}）` : source.dateText;
  }

  /** "文部科学省 研究振興局、令和5年度": who issued the document and when, as far as the registry says. */
  const documentIssued = (source) => [source.publisher, documentDate(source)].filter(Boolean).join('、');

  /** A call for proposals (issue 12's `calls`) as one line: title, 受付 dates, status, system. */
  function formatCall(call) {
    const dates = call.opensAt || call.closesAt ? `受付 ${formatDate(call.opensAt)}～${formatDate(call.closesAt)}` : '';
    const status = call.status ? CALL_STATUSES[call.status] || call.status : '';
    return [call.title, dates, status, call.system ? `応募: ${call.system}` : ''].filter(Boolean).join('　');
  }

  /** A contact window (issue 12's `contacts`) as one line. */
  const formatContact = (contact) => [contact.name, contact.email, contact.phone, contact.url].filter(Boolean).join('　');
  const formatBudget = (budget) => `${budget.fiscalYear}年度 ${label('budgetKind', budget.kind)} ${formatMillionYen(budget.amountMillionYen)}`;

  /** The scheme's own figures: a figure charted here that belongs to another scheme (`belongsTo`, a predecessor's) is not. */
  const ownBudgets = (scheme) => (scheme.budgets || []).filter((b) => !b.belongsTo);

  /** The entries of the latest fiscal year that has a budget of the scheme's own (an initial and a supplementary budget may share it). */
  function latestBudgets(scheme) {
    const budgets = ownBudgets(scheme);
    if (budgets.length === 0) return [];
    const latest = Math.max(...budgets.map((b) => b.fiscalYear));
    return budgets.filter((b) => b.fiscalYear === latest);
  }

  function deviceMark(deviceSpecific) {
    if (deviceSpecific === true) return { mark: '●', text: '医療機器に特化' };
    if (deviceSpecific === false) return { mark: '○', text: '医療機器を含む一般の制度' };
    return { mark: '', text: NOT_STATED };
  }

  const orNotStated = (text) => (text ? text : NOT_STATED);

  /**
   * Applicant types as [lead, rest]: a scheme the sources open to every developer (`openToAllApplicants`) leads with
   * 「種別を問わない」, followed by the types the API lists for it.
   */
  function applicantsParts(s) {
    const types = labels('applicant', s.applicants);
    if (s.openToAllApplicants) return [OPEN_TO_ALL, types ? `（${types}）` : ''];
    return [null, orNotStated(types)];
  }

  /** Needs as [lead, rest]: the main purpose (`primaryNeeds`) leads, marked, then the other needs the scheme serves. */
  function needsParts(s) {
    const needs = s.needs || [];
    const primary = (s.primaryNeeds || []).filter((code) => needs.includes(code));
    if (primary.length === 0) return [null, orNotStated(labels('need', needs))];
    const others = needs.filter((code) => !primary.includes(code));
    return [labels('need', primary), `（主な目的）${others.length ? `・${labels('need', others)}` : ''}`];
  }

  const partsText = ([lead, rest]) => `${lead || ''}${rest}`;
  /** The lead in bold (class names it for tests and print), the rest as text. */
  const partsView = ([lead, rest], leadClass) => [lead ? el('strong', { class: leadClass, text: lead }) : null, rest];

  /** 「親事業「…」の予算に含まれます」 for a sub-programme without a budget of its own (`parentBudget`); the name as text or a link. */
  const parentBudgetPointer = (parent, name = parent.name) => ['親事業「', name, '」の予算に含まれます'];

  /** The latest budget of the scheme's own; a sub-programme without one points to its parent's. */
  function latestBudgetText(s) {
    const latest = latestBudgets(s);
    if (latest.length) return latest.map(formatBudget).join(' / ');
    return s.parentBudget ? `${NOT_STATED}（${parentBudgetPointer(s.parentBudget).join('')}）` : NOT_STATED;
  }

  /** "💰 資金支援" as nodes: the icon is decoration, the label is what assistive technology reads. */
  const supportTypeLabel = (code) => [el('span', { class: 'icon', 'aria-hidden': 'true', text: SUPPORT_TYPE_ICONS[code] || '' }), ` ${label('supportType', code)}`];
  const supportTypeBadge = (code) => el('span', { class: `badge badge-${code}` }, supportTypeLabel(code));

  /**
   * One text rule per field, shared by the comparison table and both CSV exports. Summary fields are in every
   * scheme; the others need the detail (GET /schemes/{id}).
   */
  const FIELDS = {
    id: { label: 'ID', text: (s) => s.id },
    name: { label: '制度名', text: (s) => s.name },
    ministry: { label: '省庁', text: (s) => (s.ministry ? label('ministry', s.ministry) : NOT_STATED) },
    agency: { label: '実施機関', text: (s) => orNotStated(s.agency) },
    supportTypes: { label: '支援の種類', text: (s) => orNotStated(labels('supportType', s.supportTypes)) },
    stages: { label: '開発段階', text: (s) => orNotStated(labels('stage', s.stages)) },
    applicants: { label: '対象者', text: (s) => partsText(applicantsParts(s)) },
    categories: { label: '支援の分類', text: (s) => orNotStated(labels('category', s.categories)) },
    needs: { label: 'ニーズ', text: (s) => partsText(needsParts(s)) },
    deviceSpecific: { label: '医療機器への特化', text: (s) => { const d = deviceMark(s.deviceSpecific); return d.mark ? `${d.mark} ${d.text}` : d.text; } },
    period: { label: '実施期間', text: (s) => formatPeriod(s.period) },
    grantCaps: { label: '上限額', text: (s) => (s.grantCaps.length ? s.grantCaps.map(formatCapWithCondition).join(' / ') : NOT_STATED), node: (s) => grantCapList(s.grantCaps) },
    subsidyRate: { label: '補助率', text: (s) => orNotStated(s.subsidyRate) },
    latestBudget: { label: '最新の予算', text: latestBudgetText, node: (s) => parentBudgetNote(s) },
    eligibility: { label: '応募資格', text: (s) => orNotStated(s.eligibility) },
    summary: { label: '概要', text: (s) => s.summary },
    url: { label: 'URL', text: (s) => s.url || '', node: (s) => officialLink(s) },
    // Calls and contacts arrive with issue 12; a scheme without the field has them unknown.
    calls: { label: '公募', optional: true, text: (s) => (s.calls && s.calls.length ? s.calls.map(formatCall).join(' / ') : NOT_STATED), node: (s) => callList(s.calls) },
    contacts: { label: '問い合わせ先', optional: true, text: (s) => (s.contacts && s.contacts.length ? s.contacts.map(formatContact).join(' / ') : NOT_STATED), node: (s) => contactList(s.contacts) },
    memo: { label: 'メモ', text: (s) => shortlistMemo(s.id) },
  };

  const MONEY_FIELDS = ['grantCaps', 'subsidyRate', 'latestBudget'];
  const LIST_CSV_FIELDS = ['id', 'name', 'ministry', 'agency', 'supportTypes', 'stages', 'applicants', 'categories', 'needs', 'deviceSpecific', 'period', ...MONEY_FIELDS, 'summary', 'url'];
  const COMPARE_FIELDS = ['supportTypes', 'stages', 'applicants', 'eligibility', 'grantCaps', 'subsidyRate', 'period', 'ministry', 'agency', 'latestBudget', 'deviceSpecific', 'url', 'calls', 'contacts'];
  const COMPARE_CSV_FIELDS = ['id', 'name', ...COMPARE_FIELDS.filter((f) => f !== 'url'), 'summary', 'url'];
  const SHORTLIST_FIELDS = ['supportTypes', 'stages', 'applicants', 'grantCaps', 'subsidyRate', 'period', 'ministry', 'agency', 'latestBudget', 'url', 'calls', 'contacts'];
  const SHORTLIST_CSV_FIELDS = ['id', 'name', 'memo', ...SHORTLIST_FIELDS.filter((f) => f !== 'url'), 'eligibility', 'summary', 'url'];

  /** Fields the API does not send yet (issue 12) are left out of a table or CSV until some scheme has them. */
  const presentFields = (fields, schemes) => fields.filter((f) => !FIELDS[f].optional || schemes.some((s) => Array.isArray(s[f])));

  // ---------------------------------------------------------------- API

  const controllers = new Map();

  /** One request in flight per channel: a newer one aborts the older. Without a channel, nothing is aborted. */
  async function request(channel, path, { params = {}, body } = {}) {
    const url = new URL(API_BASE + path, location.origin);
    for (const [name, values] of Object.entries(params))
      for (const value of [].concat(values)) if (value !== '' && value !== null && value !== undefined) url.searchParams.append(name, value);
    let signal;
    if (channel) {
      if (controllers.has(channel)) controllers.get(channel).abort();
      const controller = new AbortController();
      controllers.set(channel, controller);
      signal = controller.signal;
    }
    const headers = { Accept: 'application/json' };
    if (body) headers['Content-Type'] = 'application/json';
    const response = await fetch(url, { method: body ? 'POST' : 'GET', headers, body: body ? JSON.stringify(body) : undefined, signal, credentials: 'same-origin' });
    if (response.ok) return response.json();
    let detail = '';
    try { detail = (await response.json()).detail || ''; } catch { /* not problem+json */ }
    const error = new Error(detail || `HTTP ${response.status}`);
    error.status = response.status;
    error.retryAfter = response.headers.get('Retry-After');
    throw error;
  }

  const isAbort = (error) => error && error.name === 'AbortError';

  function describeError(error) {
    if (error.status === 429) return `アクセスが集中しています。${error.retryAfter ? `${error.retryAfter}秒後に` : 'しばらくしてから'}もう一度お試しください。`;
    if (error.status === 400) return `条件を確認してください（${error.message}）。`;
    if (error.status === 404) return '制度が見つかりませんでした。';
    if (error.status === 503) return 'カタログを準備中です。しばらくしてからもう一度お試しください。';
    if (error.status) return `読み込めませんでした（HTTP ${error.status}）。`;
    return '支援制度カタログに接続できませんでした。';
  }

  /** Every page of a list query (pageSize 100), for the map and the CSV export. */
  async function fetchAllSchemes(channel, params) {
    const first = await request(channel, '/schemes', { params: { ...params, page: 1, pageSize: MAX_PAGE_SIZE } });
    const items = [...first.items];
    for (let page = 2; items.length < first.total; page++) {
      const next = await request(channel, '/schemes', { params: { ...params, page, pageSize: MAX_PAGE_SIZE } });
      if (next.items.length === 0) break;
      items.push(...next.items);
    }
    return { ...first, items };
  }

  const details = new Map();

  /** GET /schemes/{id}, once per id per page load (the comparison, the shortlist and the detail share it). */
  function detailOf(id) {
    if (!details.has(id)) {
      details.set(id, request(null, `/schemes/${encodeURIComponent(id)}`).catch((error) => {
        details.delete(id);
        throw error;
      }));
    }
    return details.get(id);
  }

  /** Runs task over items, at most `limit` at a time, keeping the order of items in the answer. */
  async function mapLimited(items, limit, task) {
    const results = new Array(items.length);
    let next = 0;
    const worker = async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await task(items[index], index);
      }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return results;
  }

  /**
   * The details of several ids: the ones the catalog has, in order, and the ids it does not know (404), so a shared
   * link with one stale id still shows the rest. Any other failure is thrown.
   */
  async function detailsOf(ids) {
    const settled = await Promise.allSettled(ids.map(detailOf));
    const failure = settled.find((r) => r.status === 'rejected' && r.reason.status !== 404);
    if (failure) throw failure.reason;
    return {
      schemes: settled.filter((r) => r.status === 'fulfilled').map((r) => r.value),
      missing: ids.filter((id, i) => settled[i].status === 'rejected'),
    };
  }

  // ---------------------------------------------------------------- state ⇄ URL

  function emptyFilters() {
    return Object.fromEntries(FACETS.map((facet) => [facet.name, []]));
  }

  function emptyProfile() {
    return { stage: '', applicant: '', needs: [], supportTypes: [], query: '' };
  }

  let state = {
    view: 'search', q: '', filters: emptyFilters(), deviceSpecific: '', activeOn: '', sort: '', page: 1,
    detail: '', compare: [], profile: emptyProfile(), recommendLimit: RECOMMENDATION_STEP, sharedShortlist: null,
  };

  const known = (vocabulary, codes) => codes.filter((code) => codesOf(vocabulary).includes(code));
  const unique = (values) => [...new Set(values)];
  const idList = (text) => unique(text.split(',').map((id) => id.trim()).filter(Boolean));

  /** The state a URL describes; values the desk does not know are dropped rather than sent to the API. */
  function stateFromUrl(href) {
    const params = new URL(href).searchParams;
    const one = (name) => (params.get(name) || '').trim();
    const profile = {
      stage: known('stage', [one(PROFILE_PARAMS.stage)])[0] || '',
      applicant: known('applicant', [one(PROFILE_PARAMS.applicant)])[0] || '',
      needs: unique(known('need', params.getAll(PROFILE_PARAMS.needs))),
      supportTypes: unique(known('supportType', params.getAll(PROFILE_PARAMS.supportTypes))),
      query: one(PROFILE_PARAMS.query),
    };
    return {
      view: VIEWS.includes(one('view')) ? one('view') : 'search',
      q: one('q'),
      filters: Object.fromEntries(FACETS.map((facet) => [facet.name, unique(known(facet.name, params.getAll(facet.name)))])),
      deviceSpecific: ['true', 'false'].includes(one('deviceSpecific')) ? one('deviceSpecific') : '',
      activeOn: /^\d{4}-\d{2}-\d{2}$/.test(one('activeOn')) ? one('activeOn') : '',
      sort: ['relevance', 'name', 'budget', 'newest'].includes(one('sort')) ? one('sort') : '',
      page: Math.max(1, parseInt(one('page'), 10) || 1),
      detail: one('detail'),
      compare: idList(one('compare')).slice(0, MAX_COMPARE),
      profile,
      recommendLimit: Math.min(MAX_RECOMMENDATIONS, Math.max(RECOMMENDATION_STEP, parseInt(one('profileLimit'), 10) || RECOMMENDATION_STEP)),
      // A shortlist in the link is someone else's (shared); without it the view shows this browser's own.
      sharedShortlist: params.has('shortlist') ? idList(one('shortlist')) : null,
    };
  }

  /** The query string of a state: only what differs from the defaults, in a stable order. */
  function queryOf(s) {
    const params = new URLSearchParams();
    const add = (name, value) => { if (value !== '' && value !== null && value !== undefined) params.append(name, value); };
    add('view', s.view === 'search' ? '' : s.view);
    add('q', s.q);
    for (const facet of FACETS) for (const code of s.filters[facet.name]) add(facet.name, code);
    add('deviceSpecific', s.deviceSpecific);
    add('activeOn', s.activeOn);
    add('sort', s.sort);
    add('page', s.page > 1 ? String(s.page) : '');
    for (const [field, name] of Object.entries(PROFILE_PARAMS)) for (const value of [].concat(s.profile[field])) add(name, value);
    add('profileLimit', s.recommendLimit > RECOMMENDATION_STEP ? String(s.recommendLimit) : '');
    add('compare', s.compare.join(','));
    if (s.sharedShortlist && s.view === 'shortlist') params.append('shortlist', s.sharedShortlist.join(','));
    add('detail', s.detail);
    const query = params.toString();
    return query ? `?${query}` : location.pathname;
  }

  const hrefFor = (patch) => queryOf({ ...state, ...patch });

  /** Changes the state, records it in the history (or replaces the current entry) and shows it. */
  function navigate(patch, { replace = false } = {}) {
    state = { ...state, ...patch };
    history[replace ? 'replaceState' : 'pushState'](null, '', queryOf(state));
    apply();
  }

  /** A link that carries its target state in href (copyable, opens in a new tab) and navigates in place on a plain click. */
  function navLink(patch, attributes, ...children) {
    const link = el('a', { ...attributes, href: hrefFor(patch) }, ...children);
    link.addEventListener('click', (event) => {
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      navigate(patch);
    });
    return link;
  }

  const detailLink = (scheme, ...children) =>
    navLink({ detail: scheme.id }, { class: 'detail-link', 'data-id': scheme.id }, ...(children.length ? children : [scheme.name]));

  /** The list query of the catalog views: the search text and every filter, without paging. */
  function listParams() {
    const params = { q: state.q, deviceSpecific: state.deviceSpecific, activeOn: state.activeOn, sort: state.sort };
    for (const facet of FACETS) params[facet.name] = state.filters[facet.name];
    return params;
  }

  // ---------------------------------------------------------------- showing the state

  /** What each view last rendered (its request as a key), so re-applying an unchanged state does not fetch again. */
  const rendered = { search: '', map: '', recommend: '', compare: '', shortlist: '' };

  /**
   * Loads a view for the current state: nothing when it already shows this state (key), an answer is dropped when the
   * state has moved on while it loaded, and a failure is said in the view's status line (unless handled).
   */
  async function loadView(view, { key, currentKey, status, loadingText, load, render, handleError = () => false }) {
    if (rendered[view] === key) return;
    rendered[view] = ''; // from here on the status, then the content, change
    setStatus(status, loadingText);
    try {
      const result = await load();
      if (key !== currentKey()) return;
      rendered[view] = key;
      render(result);
    } catch (error) {
      if (isAbort(error) || handleError(error)) return;
      setStatus(status, describeError(error), true);
    }
  }

  function apply() {
    syncControls();
    showView();
    updateCompareSelection();
    updateShortlistToggles();
    renderActiveFilters();
    updatePrintContext();
    if (state.view === 'search') loadSearch();
    else if (state.view === 'map') loadMap();
    else if (state.view === 'recommend') loadRecommendations();
    else if (state.view === 'compare') loadCompare();
    else loadShortlist();
    showDetail();
  }

  function showView() {
    for (const section of $$('main .view')) section.hidden = section.dataset.view !== state.view;
    $('.catalog-layout').hidden = !CATALOG_VIEWS.includes(state.view);
    for (const link of $$('.view-link')) {
      const view = link.dataset.view;
      link.href = hrefFor({ view, detail: '', page: view === state.view ? state.page : 1, sharedShortlist: null });
      if (view === state.view) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    const heading = $(`main .view[data-view="${state.view}"] h1`);
    document.title = `${heading.textContent} — 支援制度 相談デスク`;
  }

  /** Form controls show the state (after a link, back/forward, or a restored URL). */
  function syncControls() {
    $('#q').value = state.q;
    for (const box of $$('.filters input[type=checkbox]')) box.checked = state.filters[box.name].includes(box.value);
    for (const radio of $$('.filters input[name=deviceSpecific]')) radio.checked = radio.value === state.deviceSpecific;
    $('#activeOn').value = state.activeOn;
    $('#sort').value = state.sort;
    const form = $('.profile-form');
    form.elements.stage.value = state.profile.stage;
    form.elements.applicant.value = state.profile.applicant;
    form.elements.query.value = state.profile.query;
    for (const box of $$('input[name=needs]', form)) box.checked = state.profile.needs.includes(box.value);
    for (const box of $$('input[name=supportTypes]', form)) box.checked = state.profile.supportTypes.includes(box.value);
  }

  const focusHeading = (view) => $(`main .view[data-view="${view}"] h1`).focus();

  // ---------------------------------------------------------------- filter panel

  function buildFilterPanel() {
    const groups = $('.facet-groups');
    for (const facet of FACETS) {
      const options = (vocabularies[facet.name] || []).map((term) =>
        el('label', { class: 'option facet-option', 'data-facet': facet.name, 'data-code': term.code },
          el('input', { type: 'checkbox', name: facet.name, value: term.code }),
          facet.name === 'supportType' ? supportTypeLabel(term.code) : ` ${term.label}`,
          el('span', { class: 'count' })));
      groups.append(el('fieldset', { class: 'filter-group', 'data-facet': facet.name }, el('legend', { text: facet.legend }), options));
    }
  }

  /**
   * On a tablet the panel sits above the results: folded away until needed, unless the link already filters. On a
   * phone it always starts folded, and the filters of the link show as chips above the results.
   */
  function collapseIdleFiltersOnNarrowScreens() {
    if (window.matchMedia('(max-width: 640px)').matches || (window.matchMedia('(max-width: 1024px)').matches && !filtersAreSet(state)))
      $('.filters-box').open = false;
  }

  function readFilters() {
    const filters = emptyFilters();
    for (const box of $$('.filters input[type=checkbox]:checked')) filters[box.name].push(box.value);
    const device = $('.filters input[name=deviceSpecific]:checked');
    return { filters, deviceSpecific: device ? device.value : '', activeOn: $('#activeOn').value, page: 1 };
  }

  /** Facet counts of the latest list response, in place (the focused checkbox stays focused). */
  function updateFacetCounts(facets) {
    for (const option of $$('.facet-option')) {
      const counts = facets[option.dataset.facet];
      if (!counts) continue;
      const count = counts[option.dataset.code] || 0;
      $('.count', option).replaceChildren(String(count), hiddenText('件'));
      option.classList.toggle('is-empty', count === 0 && !$('input', option).checked);
    }
  }

  // ---------------------------------------------------------------- search view

  const searchParams = () => ({ ...listParams(), page: state.page, pageSize: PAGE_SIZE });

  function loadSearch() {
    // The first screen (no words, no filter) points to the profile, where most consultations start.
    $('.start-hint').hidden = Boolean(state.q) || filtersAreSet(state) || state.page > 1;
    const params = searchParams();
    return loadView('search', {
      key: JSON.stringify(params),
      currentKey: () => JSON.stringify(searchParams()),
      status: $('.search-status'),
      loadingText: '検索中…',
      load: () => request('list', '/schemes', { params }),
      render: renderSearch,
      // A shared link's page may be past the end of today's results: start again at page 1.
      handleError: (error) => {
        if (error.status !== 400 || state.page <= 1) return false;
        navigate({ page: 1 }, { replace: true });
        return true;
      },
    });
  }

  /** The status line of a search answer, in the words of its matchMode (all words, any word, no search word). */
  function searchStatusText(result) {
    const from = result.total === 0 ? 0 : (result.page - 1) * result.pageSize + 1;
    const to = from === 0 ? 0 : from + result.items.length - 1;
    const range = `${result.total}件（${from}～${to}件目を表示）`;
    if (!state.q) return result.total === 0 ? '条件に合う制度は見つかりませんでした。' : `条件に合う制度: ${range}`;
    if (result.matchMode === 'no_terms') {
      const why = `「${state.q}」には検索に使える語がありません（助詞・記号や、除外の -語 だけでは探せません）。`;
      return result.total === 0 ? `${why}制度の内容を表す語を入れてください。` : `${why}キーワードなしの条件に合う制度: ${range}`;
    }
    if (result.matchMode === 'any_term') {
      return result.total === 0 ? `「${state.q}」に一致する制度は見つかりませんでした。` : `「${state.q}」のいずれかの語に一致する制度: ${range}`;
    }
    return result.total === 0 ? `「${state.q}」に一致する制度は見つかりませんでした。` : `「${state.q}」に一致する制度: ${range}`;
  }

  const filtersAreSet = (s) => FACETS.some((facet) => s.filters[facet.name].length > 0) || Boolean(s.deviceSpecific || s.activeOn);

  function renderSearch(result) {
    updateFacetCounts(result.facets);
    setStatus($('.search-status'), searchStatusText(result));
    // The any-word notice explains the list; with no result there is nothing to explain.
    const notice = $('.match-notice');
    notice.textContent = result.notice || '';
    notice.hidden = !result.notice || result.total === 0;
    renderZeroHelp(result);
    $('.results').replaceChildren(...result.items.map(renderResult));
    renderPager(result);
    updateCompareSelection();
    updateShortlistToggles();
  }

  /**
   * A search that ends at nothing offers a way out: the API's 「もしかして」 suggestions (when it sends a `suggestions`
   * array of strings) as searches, and with filters set, clearing them (with how many schemes that would show).
   */
  function renderZeroHelp(result) {
    const box = $('.zero-help');
    if (result.total > 0) { box.hidden = true; box.replaceChildren(); return; }
    const suggestions = (Array.isArray(result.suggestions) ? result.suggestions : [])
      .filter((text) => typeof text === 'string' && text.trim() && text.length <= 100).map((text) => text.trim());
    const parts = [];
    if (suggestions.length) {
      parts.push(el('p', { class: 'suggestions' }, 'もしかして: ',
        unique(suggestions).slice(0, 5).map((text, i) => [i ? '、' : '', navLink({ q: text, page: 1 }, { class: 'suggestion' }, text)])));
    }
    if (filtersAreSet(state)) {
      const counted = el('span', { class: 'unfiltered-count' });
      const filters = activeFilterEntries().map((entry) => `${entry.group}: ${entry.text}`).join('／');
      parts.push(el('p', { class: 'active-filter-summary', text: `絞り込み中の条件: ${filters}` }));
      parts.push(el('p', { class: 'clear-filters-offer' },
        el('button', { type: 'button', class: 'clear-filters-zero', on: { click: clearFilters } }, '絞り込みを解除して検索'), ' ', counted));
      const key = rendered.search;
      request('unfiltered', '/schemes', { params: { q: state.q, page: 1, pageSize: 1 } }).then((unfiltered) => {
        if (rendered.search !== key) return;
        counted.textContent = unfiltered.total > 0
          ? `絞り込みを外すと${unfiltered.total}件あります。`
          : '絞り込みを外しても該当はありません。';
      }, () => { /* the offer stands without the count */ });
    }
    box.replaceChildren(...parts);
    box.hidden = parts.length === 0;
  }

  function renderResult(scheme) {
    const highlights = scheme.highlights || [];
    const nameHighlight = highlights.find((h) => h.field === 'name');
    const nameContent = (nameHighlight && highlightFragment(nameHighlight.snippet)) || scheme.name;
    const snippets = highlights.filter((h) => h.field !== 'name')
      .map((h) => ({ field: h.field, content: highlightFragment(h.snippet) }))
      .filter((h) => h.content);
    const headingId = `result-${scheme.id}`;
    return el('li', { class: 'result', 'data-id': scheme.id },
      el('article', { 'aria-labelledby': headingId },
        el('div', { class: 'result-head' },
          el('h2', { class: 'result-name', id: headingId }, detailLink(scheme, nameContent)),
          el('div', { class: 'card-toggles' }, compareToggle(scheme), shortlistToggle(scheme))),
        schemeMeta(scheme),
        snippets.length
          ? el('dl', { class: 'snippets' }, snippets.map((h) => [el('dt', { text: HIGHLIGHT_FIELDS[h.field] || h.field }), el('dd', {}, h.content)]))
          : el('p', { class: 'summary', text: scheme.summary })));
  }

  /** One line of facts about a scheme: support types, ministry and agency, stages, period, device focus. */
  function schemeMeta(scheme) {
    const device = deviceMark(scheme.deviceSpecific);
    return el('p', { class: 'meta' },
      scheme.supportTypes.map(supportTypeBadge),
      el('span', { class: 'fact' }, [scheme.ministry ? label('ministry', scheme.ministry) : '', scheme.agency || ''].filter(Boolean).join('・') || `省庁${NOT_STATED}`),
      el('span', { class: 'fact' }, `段階: ${FIELDS.stages.text(scheme)}`),
      el('span', { class: 'fact' }, `期間: ${formatPeriod(scheme.period)}`),
      device.mark ? el('span', { class: 'fact' }, el('span', { 'aria-hidden': 'true', text: `${device.mark} ` }), device.text) : null);
  }

  function renderPager(result) {
    const pager = $('.pager');
    const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
    pager.hidden = pages <= 1;
    if (pages <= 1) { pager.replaceChildren(); return; }
    const current = result.page;
    const numbers = [...new Set([1, current - 2, current - 1, current, current + 1, current + 2, pages])]
      .filter((n) => n >= 1 && n <= pages).sort((a, b) => a - b);
    const items = [];
    items.push(current > 1 ? navLink({ page: current - 1 }, { class: 'page-step', rel: 'prev' }, '前へ') : el('span', { class: 'page-step is-disabled', text: '前へ' }));
    numbers.forEach((n, i) => {
      if (i > 0 && n - numbers[i - 1] > 1) items.push(el('span', { class: 'page-gap', 'aria-hidden': 'true', text: '…' }));
      items.push(n === current
        ? el('span', { class: 'page-number is-current', 'aria-current': 'page' }, hiddenText('ページ '), String(n))
        : navLink({ page: n }, { class: 'page-number' }, hiddenText('ページ '), String(n)));
    });
    items.push(current < pages ? navLink({ page: current + 1 }, { class: 'page-step', rel: 'next' }, '次へ') : el('span', { class: 'page-step is-disabled', text: '次へ' }));
    pager.replaceChildren(...items);
  }

  // ---------------------------------------------------------------- support map

  /** The map ignores paging and the chosen order: every matching scheme, by name. */
  const mapParams = () => ({ ...listParams(), sort: 'name' });

  function loadMap() {
    const params = mapParams();
    return loadView('map', {
      key: JSON.stringify(params),
      currentKey: () => JSON.stringify(mapParams()),
      status: $('.map-status'),
      loadingText: '読み込み中…',
      load: () => fetchAllSchemes('map', params),
      render: (result) => {
        updateFacetCounts(result.facets);
        renderMap(result.items);
      },
    });
  }

  function mapEntry(scheme) {
    const device = deviceMark(scheme.deviceSpecific);
    return el('li', {},
      detailLink(scheme,
        device.mark ? el('span', { class: 'device-mark', 'aria-hidden': 'true', text: device.mark }) : null,
        device.mark ? hiddenText(`（${device.text}）`) : null,
        scheme.name));
  }

  /** Stage columns × support-type rows from the vocabularies; schemes whose sources name no stage go below, not guessed. */
  function renderMap(schemes) {
    const stages = codesOf('stage');
    const supportTypes = codesOf('supportType');
    const unknownStage = schemes.filter((s) => s.stages.length === 0);
    setStatus($('.map-status'), schemes.length === 0
      ? '条件に合う制度はありません。'
      : `${schemes.length}件の制度（うち開発段階の記載なし ${unknownStage.length}件）`);

    const table = el('table', { class: 'map-table' },
      el('caption', { class: 'visually-hidden', text: '開発段階（列）と支援の種類（行）ごとの支援制度' }),
      el('thead', {}, el('tr', {},
        el('th', { scope: 'col', class: 'map-corner', text: '支援の種類 ＼ 開発段階' }),
        stages.map((stage) => el('th', { scope: 'col', text: label('stage', stage) })))),
      el('tbody', {}, supportTypes.map((type) => el('tr', { 'data-support-type': type },
        el('th', { scope: 'row', class: `map-row-head badge-${type}` }, supportTypeLabel(type)),
        stages.map((stage) => {
          const inCell = schemes.filter((s) => s.supportTypes.includes(type) && s.stages.includes(stage));
          return el('td', { class: 'map-cell', 'data-stage': stage },
            inCell.length ? el('ul', { class: 'map-list' }, inCell.map(mapEntry)) : el('span', { class: 'map-empty', text: '—' }, hiddenText('該当なし')));
        })))));
    $('.map-grid').replaceChildren(table);

    $('.map-unknown').hidden = unknownStage.length === 0;
    $('.map-unknown-lists').replaceChildren(...supportTypes.map((type) => {
      const inType = unknownStage.filter((s) => s.supportTypes.includes(type));
      return el('section', { class: 'map-unknown-group', 'data-support-type': type },
        el('h3', {}, supportTypeLabel(type), `（${inType.length}件）`),
        inType.length ? el('ul', { class: 'map-list' }, inType.map(mapEntry)) : el('p', { class: 'help', text: '該当なし' }));
    }));
  }

  // ---------------------------------------------------------------- profile recommendations

  function buildProfileForm() {
    const form = $('.profile-form');
    form.elements.stage.append(...(vocabularies.stage || []).map((t) => el('option', { value: t.code, text: t.label })));
    form.elements.applicant.append(...(vocabularies.applicant || []).map((t) => el('option', { value: t.code, text: t.label })));
    $('.profile-needs', form).append(...(vocabularies.need || []).map((t) =>
      el('label', { class: 'option' }, el('input', { type: 'checkbox', name: 'needs', value: t.code }), ` ${t.label}`)));
    $('.profile-support-types', form).append(...(vocabularies.supportType || []).map((t) =>
      el('label', { class: 'option' }, el('input', { type: 'checkbox', name: 'supportTypes', value: t.code }), supportTypeLabel(t.code))));
  }

  function readProfile() {
    const form = $('.profile-form');
    return {
      stage: form.elements.stage.value,
      applicant: form.elements.applicant.value,
      needs: $$('input[name=needs]:checked', form).map((box) => box.value),
      supportTypes: $$('input[name=supportTypes]:checked', form).map((box) => box.value),
      query: form.elements.query.value.trim(),
    };
  }

  const profileIsEmpty = (p) => !p.stage && !p.applicant && p.needs.length === 0 && p.supportTypes.length === 0 && !p.query;

  /** The body of POST /recommendations for the profile in the state: only the stated criteria. */
  function recommendationBody() {
    const profile = state.profile;
    const body = { limit: state.recommendLimit };
    if (profile.stage) body.stage = profile.stage;
    if (profile.applicant) body.applicant = profile.applicant;
    if (profile.needs.length) body.needs = profile.needs;
    if (profile.supportTypes.length) body.supportTypes = profile.supportTypes;
    if (profile.query) body.query = profile.query;
    return body;
  }

  async function loadRecommendations() {
    const status = $('.recommend-status');
    const more = $('.more-recommendations');
    if (profileIsEmpty(state.profile)) {
      rendered.recommend = '';
      setStatus(status, '相談者の状況を1つ以上入力して「おすすめの制度を表示」を押してください。');
      $('.recommendations').replaceChildren();
      more.hidden = true;
      return;
    }
    const body = recommendationBody();
    await loadView('recommend', {
      key: JSON.stringify(body),
      currentKey: () => JSON.stringify(recommendationBody()),
      status,
      loadingText: '照合中…',
      load: () => request('recommend', '/recommendations', { body }),
      render: (result) => {
        setStatus(status, result.items.length === 0
          ? '必須条件（開発段階・相談者の種類・実施中）を満たす制度は見つかりませんでした。'
          : `必須条件を満たす制度 ${result.eligibleCount}件のうち、適合度の高い順に${result.items.length}件を表示`);
        const shownBefore = $$('.recommendations > li').length;
        $('.recommendations').replaceChildren(...result.items.map(renderRecommendation));
        updateCompareSelection();
        updateShortlistToggles();
        renderMoreRecommendations(result, shownBefore);
      },
    });
  }

  /** 「さらに表示」 asks for the next 20 up to the API's limit; after it, focus goes to the first new item. */
  function renderMoreRecommendations(result, shownBefore) {
    const more = $('.more-recommendations');
    const button = $('.show-more', more);
    const hasMore = result.eligibleCount > result.items.length;
    const canAsk = hasMore && state.recommendLimit < MAX_RECOMMENDATIONS;
    button.hidden = !canAsk;
    const next = Math.min(MAX_RECOMMENDATIONS, state.recommendLimit + RECOMMENDATION_STEP) - result.items.length;
    button.textContent = `さらに表示（次の${Math.min(next, result.eligibleCount - result.items.length)}件）`;
    $('.more-note', more).textContent = hasMore && !canAsk
      ? `一度に表示できるのは適合度の高い${MAX_RECOMMENDATIONS}件までです。条件（ニーズ・支援の種類・自由記述）を加えると絞り込めます。`
      : '';
    more.hidden = !hasMore;
    if (shownBefore > 0 && result.items.length > shownBefore && moreRequested) {
      const link = $(`.recommendations > li:nth-child(${shownBefore + 1}) a.detail-link`);
      if (link) link.focus();
    }
    moreRequested = false;
  }

  let moreRequested = false;

  function showMoreRecommendations() {
    moreRequested = true;
    navigate({ recommendLimit: Math.min(MAX_RECOMMENDATIONS, state.recommendLimit + RECOMMENDATION_STEP) }, { replace: true });
  }

  function findingList(kind, heading, findings) {
    if (findings.length === 0) return null;
    return el('div', { class: `findings findings-${kind}` },
      el('h3', { text: `${heading}（${findings.length}）` }),
      el('ul', {}, findings.map((f) => el('li', { 'data-code': f.code, text: f.message }))));
  }

  function renderRecommendation(item) {
    const scheme = item.scheme;
    const percent = Math.round(item.score * 100);
    const headingId = `recommendation-${scheme.id}`;
    return el('li', { class: 'recommendation', 'data-id': scheme.id },
      el('article', { 'aria-labelledby': headingId },
        el('div', { class: 'result-head' },
          el('h2', { class: 'result-name', id: headingId }, detailLink(scheme)),
          el('div', { class: 'card-toggles' }, compareToggle(scheme), shortlistToggle(scheme))),
        el('p', { class: 'score' },
          el('span', { class: 'score-label', text: `適合度 ${percent}%` }),
          el('meter', { min: '0', max: '1', value: String(item.score), 'aria-label': `適合度 ${percent}%` })),
        schemeMeta(scheme),
        el('div', { class: 'findings-row' },
          findingList('reasons', '合う点', item.reasons),
          findingList('unmet', '満たさない点', item.unmet),
          findingList('unknown', '資料に記載がなく不明な点', item.unknown))));
  }

  // ---------------------------------------------------------------- comparison

  function compareToggle(scheme) {
    const box = el('input', { type: 'checkbox', class: 'select-compare', 'data-id': scheme.id });
    box.checked = state.compare.includes(scheme.id);
    box.addEventListener('change', () => toggleCompare(scheme.id, box.checked));
    return el('label', { class: 'option compare-toggle' }, box, ' 比較', hiddenText(`: ${scheme.name}`));
  }

  function toggleCompare(id, selected) {
    if (selected && !state.compare.includes(id) && state.compare.length >= MAX_COMPARE) {
      updateCompareSelection(`比較できるのは${MAX_COMPARE}件までです。ほかの制度の選択を外してください。`);
      return;
    }
    const compare = selected ? unique([...state.compare, id]) : state.compare.filter((c) => c !== id);
    navigate({ compare }, { replace: true });
  }

  /** Every compare checkbox, the count in the navigation and the tray follow state.compare. */
  function updateCompareSelection(message) {
    for (const box of $$('.select-compare')) box.checked = state.compare.includes(box.dataset.id);
    const detailBox = $('.detail-compare');
    detailBox.checked = Boolean(state.detail) && state.compare.includes(state.detail);
    const count = state.compare.length;
    $('.compare-count').textContent = count ? `（${count}）` : '';
    const tray = $('.compare-tray');
    tray.hidden = count === 0 || state.view === 'compare';
    $('.compare-tray-text').textContent = message || `比較に${count}件を選択中（2～${MAX_COMPARE}件）`;
    const open = $('.compare-open');
    open.href = hrefFor({ view: 'compare', detail: '' });
    open.classList.toggle('is-disabled', count < 2);
    open.setAttribute('aria-disabled', String(count < 2));
  }

  async function loadCompare() {
    const ids = state.compare;
    const key = ids.join(',');
    const status = $('.compare-status');
    const wrap = $('.compare-table-wrap');
    const missingNotice = $('.compare-missing');
    if (ids.length < 2) {
      rendered.compare = '';
      setStatus(status, `比較する制度を2～${MAX_COMPARE}件選んでください（検索結果や詳細の「比較」にチェック）。選択中: ${ids.length}件`);
      missingNotice.hidden = true;
      wrap.replaceChildren();
      return;
    }
    await loadView('compare', {
      key,
      currentKey: () => state.compare.join(','),
      status,
      loadingText: '読み込み中…',
      load: () => detailsOf(ids),
      render: ({ schemes, missing }) => {
        setStatus(status, schemes.length ? `${schemes.length}件の制度を比較しています。` : '比較できる制度がありません。');
        showMissing(missingNotice, missing, (id) => toggleCompare(id, false), '比較から外す');
        wrap.replaceChildren(...(schemes.length ? [renderCompareTable(schemes)] : []));
        updateShortlistToggles();
      },
    });
  }

  /** Names the ids of a shared link that the catalog does not have, each with a button to drop it. */
  function showMissing(notice, missing, drop, dropLabel) {
    notice.hidden = missing.length === 0;
    notice.replaceChildren(...(missing.length === 0 ? [] : [
      `リンクにある次の制度はカタログに見つかりませんでした（IDの誤りか、カタログから外れた制度です）。ほかの制度は表示しています: `,
      missing.map((id, i) => [i ? '、' : '', el('code', { class: 'missing-id', text: id }), ' ',
        el('button', { type: 'button', class: 'drop-missing', 'data-id': id, 'aria-label': `「${id}」を${dropLabel}`, on: { click: () => drop(id) } }, dropLabel)]),
    ].flat(Infinity)));
  }

  /** A field of a comparison or shortlist: rich content where the field has it, else its text. */
  function fieldContent(field, scheme) {
    const rule = FIELDS[field];
    const node = rule.node ? rule.node(scheme) : null;
    return node || rule.text(scheme) || NOT_STATED;
  }

  const fieldCell = (field, scheme) => el('td', {}, fieldContent(field, scheme));

  function renderCompareTable(schemes) {
    return el('table', { class: 'compare-table' },
      el('caption', { class: 'visually-hidden', text: '制度の比較' }),
      el('thead', {}, el('tr', {},
        el('th', { scope: 'col', text: '項目' }),
        schemes.map((s) => el('th', { scope: 'col', 'data-id': s.id },
          detailLink(s),
          el('span', { class: 'compare-head-tools' },
            el('button', { type: 'button', class: 'remove-compare', 'aria-label': `「${s.name}」を比較から外す`, on: { click: () => toggleCompare(s.id, false) } }, '外す'),
            shortlistToggle(s)))))),
      el('tbody', {}, presentFields(COMPARE_FIELDS, schemes).map((field) => el('tr', { 'data-field': field },
        el('th', { scope: 'row', text: FIELDS[field].label }),
        schemes.map((s) => fieldCell(field, s))))));
  }

  /** Caps as a list, each with the stages it is for and the condition it holds under (the kind of project). */
  function grantCapList(caps) {
    if (!caps || caps.length === 0) return null;
    return el('ul', { class: 'cap-list' }, caps.map((cap) => el('li', {},
      capStages(cap) ? el('span', { class: 'cap-stages', text: capStages(cap) }) : null,
      el('strong', { text: formatCap(cap) }),
      cap.condition ? el('span', { class: 'cap-condition', text: cap.condition }) : null)));
  }

  /** The comparison's 「記載なし（親事業「…」の予算に含まれます）」 with the parent as a link. */
  function parentBudgetNote(s) {
    if (latestBudgets(s).length || !s.parentBudget) return null;
    return el('span', { class: 'parent-budget' }, `${NOT_STATED}（`, parentBudgetPointer(s.parentBudget, detailLink(s.parentBudget)), '）');
  }

  function officialLink(scheme) {
    const url = safeHttpUrl(scheme.url);
    return url ? el('a', { href: url, rel: 'noopener noreferrer', target: '_blank', class: 'official-link' }, scheme.url, hiddenText('（新しいタブで開きます）')) : null;
  }

  function externalLink(url, text) {
    const safe = safeHttpUrl(url);
    return safe ? el('a', { href: safe, rel: 'noopener noreferrer', target: '_blank' }, text || url, hiddenText('（新しいタブで開きます）')) : null;
  }

  function callList(calls) {
    if (!Array.isArray(calls) || calls.length === 0) return null;
    return el('ul', { class: 'call-list' }, calls.map((call) => el('li', { class: 'call' },
      el('strong', { text: call.title || '公募' }),
      call.opensAt || call.closesAt ? el('span', { class: 'call-dates', text: ` 受付 ${formatDate(call.opensAt)}～${formatDate(call.closesAt)}` }) : null,
      call.status ? el('span', { class: 'call-status', text: ` ${CALL_STATUSES[call.status] || call.status}` }) : null,
      call.system ? el('span', { class: 'note', text: ` 応募: ${call.system}` }) : null,
      call.url ? [' ', externalLink(call.url, '公募情報')] : null,
      call.note ? el('span', { class: 'note', text: ` ${call.note}` }) : null)));
  }

  const EMAIL = /^[^\s@<>()]+@[^\s@<>()]+\.[^\s@<>()]+$/;

  function contactList(contacts) {
    if (!Array.isArray(contacts) || contacts.length === 0) return null;
    return el('ul', { class: 'contact-list' }, contacts.map((contact) => el('li', { class: 'contact' },
      el('strong', { text: contact.name || '問い合わせ先' }),
      contact.email ? [' ', EMAIL.test(contact.email) ? el('a', { href: `mailto:${contact.email}`, text: contact.email }) : el('span', { text: contact.email })] : null,
      contact.phone ? el('span', { text: ` 電話 ${contact.phone}` }) : null,
      contact.url ? [' ', externalLink(contact.url, '窓口のページ')] : null)));
  }


  // ---------------------------------------------------------------- shortlist (this browser's own, with memos)

  /** [{id, name, memo}] in the order added, any length. localStorage keeps it across reloads and tabs. */
  let shortlist = readShortlist();
  let shortlistSaved = true;

  function readShortlist() {
    try {
      const stored = JSON.parse(localStorage.getItem(SHORTLIST_STORAGE_KEY) || '[]');
      if (!Array.isArray(stored)) return [];
      const entries = stored.filter((e) => e && typeof e.id === 'string' && e.id)
        .map((e) => ({ id: e.id, name: typeof e.name === 'string' ? e.name : e.id, memo: typeof e.memo === 'string' ? e.memo : '' }));
      return entries.filter((e, i) => entries.findIndex((other) => other.id === e.id) === i);
    } catch {
      return []; // storage blocked or damaged: start empty rather than fail
    }
  }

  function saveShortlist() {
    try {
      localStorage.setItem(SHORTLIST_STORAGE_KEY, JSON.stringify(shortlist));
      shortlistSaved = true;
    } catch {
      shortlistSaved = false;
    }
  }

  const inShortlist = (id) => shortlist.some((e) => e.id === id);
  const shortlistMemo = (id) => (shortlist.find((e) => e.id === id) || { memo: '' }).memo;

  function setShortlist(entries) {
    shortlist = entries;
    saveShortlist();
    updateShortlistToggles();
    if (state.view === 'shortlist' && !state.sharedShortlist) { rendered.shortlist = ''; loadShortlist(); }
  }

  function toggleShortlist(scheme, selected) {
    if (selected === inShortlist(scheme.id)) return;
    setShortlist(selected ? [...shortlist, { id: scheme.id, name: scheme.name, memo: '' }] : shortlist.filter((e) => e.id !== scheme.id));
  }

  /** A memo is saved as it is typed; the list is not redrawn, so the cursor stays where it is. */
  function setMemo(id, memo) {
    shortlist = shortlist.map((e) => (e.id === id ? { ...e, memo } : e));
    saveShortlist();
  }

  function shortlistToggle(scheme) {
    const box = el('input', { type: 'checkbox', class: 'select-shortlist', 'data-id': scheme.id });
    box.checked = inShortlist(scheme.id);
    box.addEventListener('change', () => toggleShortlist(scheme, box.checked));
    return el('label', { class: 'option shortlist-toggle' }, box, ' 候補', hiddenText(`に追加: ${scheme.name}`));
  }

  /** Every shortlist checkbox and the count in the navigation follow the stored list. */
  function updateShortlistToggles() {
    for (const box of $$('.select-shortlist')) box.checked = inShortlist(box.dataset.id);
    $('.detail-shortlist').checked = Boolean(state.detail) && inShortlist(state.detail);
    $('.shortlist-count').textContent = shortlist.length ? `（${shortlist.length}）` : '';
  }

  async function loadShortlist() {
    const shared = state.sharedShortlist;
    const ids = shared || shortlist.map((e) => e.id);
    const status = $('.shortlist-status');
    const list = $('.shortlist');
    const missingNotice = $('.shortlist-missing');
    $('.shared-shortlist').hidden = !shared;
    $('.shortlist-clear').hidden = Boolean(shared) || ids.length === 0;
    $('.own-shortlist').href = hrefFor({ sharedShortlist: null, detail: '' });
    if (shared) $('.shared-shortlist-text').textContent = `リンクで共有された候補リスト（${shared.length}件）を表示しています。メモはリンクに含まれません。`;
    if (ids.length === 0) {
      rendered.shortlist = '';
      setStatus(status, shared ? 'リンクに制度が含まれていません。' : '候補リストは空です。検索結果・診断・比較・詳細の「候補」にチェックすると、ここに集まります。');
      missingNotice.hidden = true;
      list.replaceChildren();
      return;
    }
    const key = JSON.stringify([shared ? 'shared' : 'own', ids]);
    await loadView('shortlist', {
      key,
      currentKey: () => JSON.stringify([state.sharedShortlist ? 'shared' : 'own', state.sharedShortlist || shortlist.map((e) => e.id)]),
      status,
      loadingText: '読み込み中…',
      load: () => detailsOf(ids),
      render: ({ schemes, missing }) => {
        const unsaved = shortlistSaved ? '' : '（このブラウザでは保存できないため、ページを閉じると消えます）';
        setStatus(status, `${shared ? '共有された候補' : '候補'} ${schemes.length}件${shared ? '' : unsaved}`);
        showMissing(missingNotice, missing, (id) => (shared
          ? navigate({ sharedShortlist: shared.filter((other) => other !== id) }, { replace: true })
          : setShortlist(shortlist.filter((e) => e.id !== id))), 'リストから外す');
        const fields = presentFields(SHORTLIST_FIELDS, schemes);
        list.replaceChildren(...schemes.map((scheme) => renderShortlistItem(scheme, fields, Boolean(shared))));
        updateCompareSelection();
        updateShortlistToggles();
      },
    });
  }

  function renderShortlistItem(scheme, fields, shared) {
    const headingId = `shortlist-${scheme.id}`;
    const memoId = `memo-${scheme.id}`;
    let memoField = null;
    if (!shared) {
      const memo = el('textarea', { id: memoId, class: 'memo', rows: '2', maxlength: '2000', 'data-id': scheme.id, placeholder: '例: 公募要領を次回までに確認。共同体の相手先を探す。' });
      memo.value = shortlistMemo(scheme.id);
      const printed = el('p', { class: 'memo-print', text: memo.value || '（メモなし）' });
      memo.addEventListener('input', () => {
        setMemo(scheme.id, memo.value);
        printed.textContent = memo.value || '（メモなし）';
      });
      memoField = el('div', { class: 'memo-field' }, el('label', { for: memoId, class: 'field-label', text: 'メモ' }), memo, printed);
    }
    return el('li', { class: 'shortlist-item', 'data-id': scheme.id },
      el('article', { 'aria-labelledby': headingId },
        el('div', { class: 'result-head' },
          el('h2', { class: 'result-name', id: headingId }, detailLink(scheme)),
          el('div', { class: 'card-toggles' },
            compareToggle(scheme),
            shared ? shortlistToggle(scheme)
              : el('button', { type: 'button', class: 'remove-shortlist', 'aria-label': `「${scheme.name}」を候補リストから外す`, on: { click: () => toggleShortlist(scheme, false) } }, '外す'))),
        el('p', { class: 'summary', text: scheme.summary }),
        el('dl', { class: 'facts shortlist-facts' }, fields.map((field) => [
          el('dt', { text: FIELDS[field].label }),
          el('dd', { 'data-field': field }, fieldContent(field, scheme))])),
        memoField));
  }

  function clearShortlist() {
    const previous = shortlist;
    setShortlist([]);
    const status = $('.shortlist-status');
    status.replaceChildren(`候補リストを空にしました（${previous.length}件）。`,
      el('button', { type: 'button', class: 'undo-clear', on: { click: () => setShortlist(previous) } }, '元に戻す'));
  }

  /** The shared list joins this browser's own (after its entries), then the own list is shown. */
  async function adoptSharedShortlist() {
    const { schemes } = await detailsOf(state.sharedShortlist);
    shortlist = [...shortlist, ...schemes.filter((s) => !inShortlist(s.id)).map((s) => ({ id: s.id, name: s.name, memo: '' }))];
    saveShortlist();
    navigate({ sharedShortlist: null });
  }

  async function exportShortlist() {
    const status = $('.shortlist-status');
    const shared = state.sharedShortlist;
    const ids = shared || shortlist.map((e) => e.id);
    if (ids.length === 0) { setStatus(status, '候補リストは空です。', true); return; }
    try {
      const { schemes } = await detailsOf(ids);
      const fields = presentFields(SHORTLIST_CSV_FIELDS, schemes).filter((f) => !shared || f !== 'memo');
      downloadCsv('支援制度_候補リスト', toCsv(fields, schemes));
      setStatus(status, `${schemes.length}件の候補をCSVで保存しました。`);
    } catch (error) {
      setStatus(status, describeError(error), true);
    }
  }

  // ---------------------------------------------------------------- links and print

  /** The link that reproduces what is on screen; the own shortlist travels as its ids (never its memos). */
  function shareableUrl() {
    const shown = state.view === 'shortlist' && !state.sharedShortlist && !state.detail
      ? { ...state, sharedShortlist: shortlist.map((e) => e.id) }
      : state;
    return new URL(queryOf(shown), location.href).href;
  }

  async function copyLink(button) {
    const feedback = button.nextElementSibling;
    const url = shareableUrl();
    try {
      await navigator.clipboard.writeText(url);
      feedback.replaceChildren('リンクをコピーしました。');
    } catch {
      // No clipboard access (an http page, a denied permission): the link is shown selected for Ctrl+C.
      const field = el('input', { type: 'text', class: 'copy-fallback', readonly: true, 'aria-label': 'このリンクをコピーしてください', value: url });
      feedback.replaceChildren('コピーできませんでした。次のリンクをコピーしてください: ', field);
      field.select();
    }
    clearTimeout(button.feedbackTimer);
    button.feedbackTimer = setTimeout(() => feedback.replaceChildren(), 8000);
  }

  /** Each filter that is set, with the state that removes it (the chips and the print share it). */
  function activeFilterEntries() {
    const entries = [];
    for (const facet of FACETS) {
      for (const code of state.filters[facet.name]) {
        entries.push({ group: facet.legend, text: label(facet.name, code), remove: { filters: { ...state.filters, [facet.name]: state.filters[facet.name].filter((c) => c !== code) } } });
      }
    }
    if (state.deviceSpecific) entries.push({ group: '医療機器への特化', text: deviceMark(state.deviceSpecific === 'true').text, remove: { deviceSpecific: '' } });
    if (state.activeOn) entries.push({ group: 'この日に実施中', text: formatDate(state.activeOn), remove: { activeOn: '' } });
    return entries;
  }

  /** With the panel folded (a phone, a tablet), the filters in force stay in sight as chips that remove them. */
  function renderActiveFilters() {
    const box = $('.active-filters');
    const entries = activeFilterEntries();
    box.hidden = entries.length === 0 || $('.filters-box').open;
    box.replaceChildren(
      el('span', { class: 'chips-label', text: '絞り込み中:' }),
      ...entries.map((entry) => el('button', {
        type: 'button', class: 'filter-chip', 'aria-label': `${entry.group}「${entry.text}」の絞り込みを外す`,
        on: { click: () => navigate({ ...entry.remove, page: 1, q: $('#q').value.trim() }) },
      }, el('span', { class: 'chip-group', text: `${entry.group}: ` }), entry.text, el('span', { class: 'chip-x', 'aria-hidden': 'true', text: ' ×' }))),
      entries.length > 1 ? el('button', { type: 'button', class: 'filter-chip chip-clear', on: { click: clearFilters } }, 'すべて解除') : '');
  }

  /** What the printed sheet was made from: the view's conditions, the print date and the link to it. */
  function printConditions() {
    if (state.view === 'search' || state.view === 'map') {
      const groups = FACETS.filter((facet) => state.filters[facet.name].length).map((facet) => {
        const codes = codesOf(facet.name).filter((code) => state.filters[facet.name].includes(code));
        return `${facet.legend}: ${labels(facet.name, codes)}${codes.length > 1 ? '（いずれか）' : ''}`;
      });
      if (state.deviceSpecific) groups.push(`医療機器への特化: ${deviceMark(state.deviceSpecific === 'true').text}`);
      if (state.activeOn) groups.push(`この日に実施中: ${formatDate(state.activeOn)}`);
      const rows = [['キーワード', state.q ? `「${state.q}」` : 'なし'], ['絞り込み', groups.length ? groups.join('／') : 'なし（すべての制度）']];
      if (state.view === 'search') rows.push(['並び順', SORT_NAMES[state.sort] || '標準（キーワードありは関連度順）']);
      return rows;
    }
    if (state.view === 'recommend') {
      const p = state.profile;
      return [['プロファイル', [
        `開発段階: ${p.stage ? label('stage', p.stage) : '指定なし'}`,
        `相談者の種類: ${p.applicant ? label('applicant', p.applicant) : '指定なし'}`,
        `ニーズ: ${p.needs.length ? labels('need', p.needs) : '指定なし'}`,
        `希望する支援の種類: ${p.supportTypes.length ? labels('supportType', p.supportTypes) : '指定なし'}`,
        `自由記述: ${p.query ? `「${p.query}」` : 'なし'}`,
      ].join('／')]];
    }
    if (state.view === 'compare') return [['比較する制度', `${state.compare.length}件`]];
    return [['候補リスト', state.sharedShortlist ? `共有されたリンクの${state.sharedShortlist.length}件` : `このブラウザの候補${shortlist.length}件（メモつき）`]];
  }

  function updatePrintContext() {
    const printed = ['印刷日', japaneseDate.format(new Date())];
    const link = ['URL', shareableUrl()];
    const rows = (entries) => entries.flatMap(([term, value]) => [el('dt', { text: term }), el('dd', { text: value })]);
    $('main .print-context').replaceChildren(...rows([['表示', VIEW_NAMES[state.view]], ...printConditions(), printed, link]));
    $('.detail-print-context').replaceChildren(...rows([['表示', '制度の詳細'], printed, link]));
  }

  // ---------------------------------------------------------------- detail

  const dialog = () => $('dialog.detail');
  let shownDetail = '';

  function showDetail() {
    const box = dialog();
    if (!state.detail) {
      shownDetail = '';
      document.body.classList.remove('detail-open');
      if (box.open) box.close();
      return;
    }
    if (!box.open) box.showModal();
    document.body.classList.add('detail-open');
    if (shownDetail === state.detail) return;
    shownDetail = state.detail;
    loadDetail(state.detail);
  }

  async function loadDetail(id) {
    const status = $('.detail-status');
    $('#detail-title').textContent = '読み込み中…';
    $('.detail-body').replaceChildren();
    setStatus(status, '');
    try {
      const scheme = await detailOf(id);
      if (state.detail !== id) return;
      renderDetail(scheme);
      updateCompareSelection();
      updateShortlistToggles();
    } catch (error) {
      if (state.detail !== id) return;
      shownDetail = '';
      $('#detail-title').textContent = '制度の詳細';
      setStatus(status, error.status === 404 ? `ID「${id}」の制度はカタログに見つかりませんでした。` : describeError(error), true);
    }
    $('#detail-title').focus();
  }

  /** A section of the detail; one that says only 「記載なし」 is marked so that paper puts it on one line with its heading. */
  function section(heading, ...content) {
    const notStated = content.length === 1 && content[0].tagName === 'P' && content[0].textContent === NOT_STATED;
    return el('section', { class: notStated ? 'detail-section is-not-stated' : 'detail-section' }, el('h3', { text: heading }), ...content);
  }

  /** Term and description pairs; on paper the short ones (class `half`) stand two to a line. */
  function facts(rows) {
    return el('dl', { class: 'facts' }, rows.filter(Boolean).map(({ term, half = false, content }) =>
      el('div', { class: half ? 'fact half' : 'fact' }, el('dt', { text: term }), el('dd', {}, ...content))));
  }

  const fact = (term, ...content) => ({ term, content });
  const halfFact = (term, ...content) => ({ term, half: true, content });

  const note = (text) => (text ? el('span', { class: 'note', text: ` ${text}` }) : null);

  function renderDetail(s) {
    $('#detail-title').textContent = s.name;
    const device = deviceMark(s.deviceSpecific);
    const sections = [
      facts([
        fact('別名・略称', s.aliases.length ? s.aliases.join('、') : NOT_STATED),
        s.parent ? fact('親事業', detailLink(s.parent)) : null,
        halfFact('省庁', FIELDS.ministry.text(s)),
        halfFact('実施機関', FIELDS.agency.text(s)),
        halfFact('支援の種類', s.supportTypes.map(supportTypeBadge)),
        halfFact('補助率', FIELDS.subsidyRate.text(s)),
        halfFact('実施期間', formatPeriod(s.period)),
        halfFact('医療機器への特化', device.mark ? `${device.mark} ${device.text}` : device.text),
        fact('支援の分類', FIELDS.categories.text(s)),
        fact('開発段階', FIELDS.stages.text(s), note(s.stagesNote)),
        fact('対象者', partsView(applicantsParts(s), 'open-to-all'), note(s.applicantsNote)),
        fact('ニーズ', partsView(needsParts(s), 'primary-needs')),
        fact('キーワード', el('span', { class: 'keywords', text: s.keywords.length ? s.keywords.join('、') : NOT_STATED })),
        fact('公式情報', officialLink(s) || NOT_STATED),
      ]),
      section('概要', el('p', { text: s.summary })),
      section('上限額', grantCapTable(s.grantCaps)),
      section('応募資格', el('p', { text: FIELDS.eligibility.text(s) })),
      Array.isArray(s.calls) ? section('公募', callList(s.calls) || el('p', { text: NOT_STATED })) : null,
      Array.isArray(s.contacts) ? section('問い合わせ先', contactList(s.contacts) || el('p', { text: NOT_STATED })) : null,
      section('予算（年度別）', budgetView(s)),
      section('関連する制度', relatedList(s)),
      s.notes ? section('備考', el('p', { text: s.notes })) : null,
      section('出典', sourceTable(s.sources)),
      // The id is for links and the API, not for the client: last, small, and left out of the print.
      el('p', { class: 'internal-id' }, '制度ID（リンク・API用）: ', el('code', { text: s.id })),
    ];
    $('.detail-body').replaceChildren(...sections.filter(Boolean));
  }

  /** Caps with the stages each is for (「段階の指定なし」 when the sources tie it to none) and its condition. */
  function grantCapTable(caps) {
    if (caps.length === 0) return el('p', { text: NOT_STATED });
    return el('table', { class: 'data-table caps-table' },
      el('thead', {}, el('tr', {}, ['上限額', '単位', '開発段階', '条件'].map((h) => el('th', { scope: 'col', text: h })))),
      el('tbody', {}, caps.map((cap) => el('tr', {},
        el('td', { class: 'number' }, formatYen(cap.amountMillionYen), el('br'), el('span', { class: 'note', text: formatMillionYen(cap.amountMillionYen) })),
        el('td', { text: cap.per }),
        el('td', { class: 'cap-stages', text: capStages(cap) || '段階の指定なし' }),
        el('td', { text: cap.condition || NOT_STATED })))));
  }

  function relatedList(s) {
    const links = [
      ...(s.parent ? [{ relation: 'parent', id: s.parent.id, name: s.parent.name }] : []),
      ...s.children.map((child) => ({ relation: 'child', id: child.id, name: child.name })),
      ...s.related,
    ];
    if (links.length === 0) return el('p', { text: NOT_STATED });
    return el('ul', { class: 'related' }, links.map((link) => el('li', { 'data-relation': link.relation },
      el('span', { class: 'relation', text: `${label('relation', link.relation)}: ` }),
      detailLink(link),
      note(link.note))));
  }

  /** The sources grouped by seed document, in the order the record first cites each: [{ document, title, …, places: [{lines, about}] }]. */
  function sourceDocuments(sources) {
    const documents = new Map();
    for (const source of sources) {
      if (!documents.has(source.document)) documents.set(source.document, { ...source, places: [] });
      documents.get(source.document).places.push({ lines: source.lines, about: source.about });
    }
    return [...documents.values()];
  }

  /**
   * One row per seed document: its title, publisher and date when the API gives them (a client can look for it by
   * those), its file name, and every cited line range with what it supports.
   */
  function sourceTable(sources) {
    return el('table', { class: 'data-table sources-table' },
      el('thead', {}, el('tr', {}, ['資料', '該当箇所（行: 内容）'].map((h) => el('th', { scope: 'col', text: h })))),
      el('tbody', {}, sourceDocuments(sources).map((doc) => {
        const issued = documentIssued(doc);
        return el('tr', { 'data-document': doc.document },
          el('td', { class: 'source-document' },
            doc.title ? el('span', { class: 'source-title', text: doc.title }) : null,
            issued ? el('span', { class: 'note source-issued', text: `（${issued}）` }) : null,
            el('code', { class: 'source-file', text: doc.document })),
          el('td', {}, el('ul', { class: 'source-places' }, doc.places.map((place) => el('li', { class: 'source-place' },
            el('span', { class: 'source-lines', text: `${place.lines}行` }),
            place.about ? `: ${place.about}` : '')))));
      })));
  }

  // ---------------------------------------------------------------- budget chart

  /** A round axis maximum at or above the largest amount: 1, 2, 2.5 or 5 times a power of ten. */
  function axisMaximum(largest) {
    if (largest <= 0) return 1;
    const power = 10 ** Math.floor(Math.log10(largest));
    return [1, 2, 2.5, 5, 10].map((step) => step * power).find((candidate) => candidate >= largest);
  }

  /** Rows of a budget table short enough to print beside the chart (about the chart's height). */
  const SHORT_BUDGET_TABLE = 4;

  /**
   * The chart and the table of the budgets. Figures charted here that are another scheme's (`belongsTo`, e.g. the
   * predecessor's for the years before this scheme began) are drawn pale and named; a sub-programme without figures of
   * its own points to its parent's budget (`parentBudget`).
   */
  function budgetView(s) {
    if (s.budgets.length === 0) {
      if (!s.parentBudget) return el('p', { text: NOT_STATED });
      return el('p', { class: 'parent-budget' }, 'この事業単独の予算は資料に記載がありません。', parentBudgetPointer(s.parentBudget, detailLink(s.parentBudget)), '。');
    }
    const tableId = `budget-table-${s.id}`;
    const owners = otherSchemes(s.budgets);
    // On paper a short table stands beside the chart; a long one gets the page's width below it.
    return el('div', { class: s.budgets.length > SHORT_BUDGET_TABLE ? 'budget is-long' : 'budget' },
      budgetChart(s.budgets, tableId),
      el('ul', { class: 'chart-legend', 'aria-hidden': 'true' },
        unique(s.budgets.map((b) => b.kind)).map((kind) => el('li', {}, el('span', { class: `swatch bar-${kind}` }), label('budgetKind', kind))),
        owners.length ? el('li', {}, el('span', { class: 'swatch swatch-other-scheme' }), '淡色は別の事業の数値') : null),
      budgetTable(s.budgets, tableId, owners));
  }

  /** The schemes whose figures are charted here (`belongsTo`), in order of first appearance; each gets a mark ※1, ※2 … */
  function otherSchemes(budgets) {
    const owners = [];
    for (const b of budgets) if (b.belongsTo && !owners.some((o) => o.id === b.belongsTo.id)) owners.push(b.belongsTo);
    return owners;
  }

  /** Bars per budget entry, built with DOM APIs (no markup strings); the table below carries the same figures as text. */
  function budgetChart(budgets, tableId) {
    const width = 640;
    const height = 240;
    const margin = { top: 26, right: 12, bottom: 48, left: 64 };
    const plotWidth = width - margin.left - margin.right;
    const plotHeight = height - margin.top - margin.bottom;
    const top = axisMaximum(Math.max(...budgets.map((b) => b.amountMillionYen)));
    const y = (amount) => margin.top + plotHeight - (amount / top) * plotHeight;
    const slot = plotWidth / budgets.length;
    const barWidth = Math.min(56, slot * 0.6);
    const titleId = `${tableId}-title`;

    const grid = [0, top / 2, top].map((tick) => svg('g', { class: 'tick' },
      svg('line', { x1: margin.left, x2: width - margin.right, y1: y(tick), y2: y(tick) }),
      svg('text', { x: margin.left - 8, y: y(tick) + 4, 'text-anchor': 'end', text: numberFormat.format(tick) })));

    const bars = budgets.map((budget, i) => {
      const x = margin.left + slot * i + (slot - barWidth) / 2;
      const center = x + barWidth / 2;
      const owner = budget.belongsTo ? `（「${budget.belongsTo.name}」の数値）` : '';
      return svg('g', { class: budget.belongsTo ? 'bar is-other-scheme' : 'bar', 'data-fiscal-year': budget.fiscalYear, 'data-kind': budget.kind, 'data-amount': budget.amountMillionYen, 'data-belongs-to': budget.belongsTo ? budget.belongsTo.id : null },
        svg('rect', { class: `bar-${budget.kind}`, x, y: y(budget.amountMillionYen), width: barWidth, height: Math.max(1, y(0) - y(budget.amountMillionYen)) },
          svg('title', { text: `${formatFiscalYear(budget.fiscalYear)} ${label('budgetKind', budget.kind)}: ${formatMillionYen(budget.amountMillionYen)}${owner}` })),
        svg('text', { class: 'bar-value', x: center, y: y(budget.amountMillionYen) - 6, 'text-anchor': 'middle', text: numberFormat.format(budget.amountMillionYen) }),
        svg('text', { class: 'bar-year', x: center, y: height - margin.bottom + 18, 'text-anchor': 'middle', text: `${budget.fiscalYear}年度` }),
        svg('text', { class: 'bar-kind', x: center, y: height - margin.bottom + 34, 'text-anchor': 'middle', text: label('budgetKind', budget.kind) }));
    });

    return svg('svg', { class: 'budget-chart', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': titleId, 'aria-describedby': tableId },
      svg('title', { id: titleId, text: '年度別の予算（百万円）。数値は下の表のとおり。' }),
      svg('text', { class: 'axis-unit', x: margin.left - 8, y: 14, 'text-anchor': 'end', text: '百万円' }),
      grid, bars);
  }

  /** The figures as text; a row that is another scheme's carries its mark (※1), and the marks are explained under the table. */
  function budgetTable(budgets, tableId, owners) {
    const mark = (owner) => `※${owners.findIndex((o) => o.id === owner.id) + 1}`;
    return el('table', { class: 'data-table budget-table', id: tableId },
      el('caption', { text: '年度別の予算（表）' }),
      el('thead', {}, el('tr', {}, ['年度', '種別', '金額（百万円）', '金額', '備考'].map((h) => el('th', { scope: 'col', text: h })))),
      el('tbody', {}, budgets.map((b) => el('tr', { 'data-fiscal-year': b.fiscalYear, 'data-kind': b.kind, class: b.belongsTo ? 'is-other-scheme' : null, 'data-belongs-to': b.belongsTo ? b.belongsTo.id : null },
        el('td', { class: 'fiscal-year' }, `${b.fiscalYear}年度`, el('span', { class: 'era', text: formatEra(b.fiscalYear) })),
        el('td', { class: 'budget-kind', text: label('budgetKind', b.kind) }),
        el('td', { class: 'number amount-million', text: numberFormat.format(b.amountMillionYen) }),
        el('td', { class: 'number', text: formatYen(b.amountMillionYen) }),
        el('td', {}, b.belongsTo ? el('span', { class: 'other-scheme-mark', text: `${mark(b.belongsTo)} ` }) : null, b.note || '')))),
      owners.length ? el('tfoot', {}, owners.map((owner) => el('tr', { class: 'other-scheme', 'data-id': owner.id },
        el('td', { colspan: '5' }, `${mark(owner)} 「`, detailLink(owner), '」の数値です。この事業の予算ではありません（最新の予算・比較には含めません）。')))) : null);
  }

  // ---------------------------------------------------------------- CSV export

  /** RFC 4180 field; a leading = + - @ (or tab/CR) gets a ' so spreadsheets read text, never a formula. */
  function csvField(value) {
    let text = value === null || value === undefined ? '' : String(value);
    if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  }

  function toCsv(fields, schemes) {
    const rows = [fields.map((f) => FIELDS[f].label), ...schemes.map((s) => fields.map((f) => FIELDS[f].text(s)))];
    return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
  }

  /** UTF-8 with a BOM, so Excel opens the Japanese text correctly. */
  function downloadCsv(name, csv) {
    const today = new Date();
    const stamp = `${today.getFullYear()}${String(today.getMonth() + 1).padStart(2, '0')}${String(today.getDate()).padStart(2, '0')}`;
    const url = URL.createObjectURL(new Blob(['\uFEFF', csv], { type: 'text/csv;charset=utf-8' }));
    const link = el('a', { href: url, download: `${name}_${stamp}.csv`, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  /** Every matching scheme (all pages), each with its detail for the money columns (上限額, 補助率, 予算). */
  async function exportList() {
    const status = $('.search-status');
    try {
      setStatus(status, 'CSVを作成中…');
      const result = await fetchAllSchemes('export', listParams());
      const schemes = await mapLimited(result.items, DETAIL_CONCURRENCY, async (item) => ({ ...item, ...(await detailOf(item.id)) }));
      downloadCsv('支援制度_検索結果', toCsv(presentFields(LIST_CSV_FIELDS, schemes), schemes));
      setStatus(status, `${schemes.length}件をCSVで保存しました。`);
    } catch (error) {
      if (!isAbort(error)) setStatus(status, describeError(error), true);
    }
  }

  async function exportComparison() {
    const status = $('.compare-status');
    if (state.compare.length === 0) { setStatus(status, '比較する制度が選ばれていません。', true); return; }
    try {
      const { schemes } = await detailsOf(state.compare);
      downloadCsv('支援制度_比較', toCsv(presentFields(COMPARE_CSV_FIELDS, schemes), schemes));
      setStatus(status, `${schemes.length}件の比較をCSVで保存しました。`);
    } catch (error) {
      setStatus(status, describeError(error), true);
    }
  }

  // ---------------------------------------------------------------- wiring

  function clearFilters() {
    navigate({ filters: emptyFilters(), deviceSpecific: '', activeOn: '', page: 1, q: $('#q').value.trim() });
  }

  function bindControls() {
    for (const link of $$('.view-link, .start-recommend')) {
      link.addEventListener('click', (event) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        navigate({ view: link.dataset.view, detail: '', page: link.dataset.view === state.view ? state.page : 1, sharedShortlist: null });
        focusHeading(link.dataset.view);
      });
    }
    // A query typed but not yet submitted applies together with the filter or order it was followed by.
    const typedQuery = () => $('#q').value.trim();
    const filters = $('.filters');
    filters.addEventListener('change', () => navigate({ ...readFilters(), q: typedQuery() }));
    filters.addEventListener('submit', (event) => event.preventDefault());
    $('.search-form').addEventListener('submit', (event) => {
      event.preventDefault();
      navigate({ q: typedQuery(), page: 1, view: CATALOG_VIEWS.includes(state.view) ? state.view : 'search' });
    });
    $('.clear-filters').addEventListener('click', clearFilters);
    $('.filters-box').addEventListener('toggle', renderActiveFilters);
    $('#sort').addEventListener('change', (event) => navigate({ sort: event.target.value, page: 1, q: typedQuery() }));
    $('.profile-form').addEventListener('submit', (event) => {
      event.preventDefault();
      navigate({ view: 'recommend', profile: readProfile(), recommendLimit: RECOMMENDATION_STEP });
    });
    $('.export-list').addEventListener('click', exportList);
    $('.export-compare').addEventListener('click', exportComparison);
    $('.export-shortlist').addEventListener('click', exportShortlist);
    $('.shortlist-clear').addEventListener('click', clearShortlist);
    $('.adopt-shortlist').addEventListener('click', () => adoptSharedShortlist().catch((error) => setStatus($('.shortlist-status'), describeError(error), true)));
    $('.own-shortlist').addEventListener('click', (event) => {
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      navigate({ sharedShortlist: null, detail: '' });
    });
    $('.show-more').addEventListener('click', showMoreRecommendations);
    for (const button of $$('.print')) button.addEventListener('click', () => window.print());
    for (const button of $$('.copy-link')) {
      button.after(el('span', { class: 'copy-result', role: 'status' }));
      button.addEventListener('click', () => copyLink(button));
    }
    window.addEventListener('beforeprint', updatePrintContext);
    // Another tab changed the shortlist or a memo.
    window.addEventListener('storage', (event) => {
      if (event.key !== SHORTLIST_STORAGE_KEY) return;
      shortlist = readShortlist();
      updateShortlistToggles();
      if (state.view === 'shortlist' && !state.sharedShortlist) { rendered.shortlist = ''; loadShortlist(); }
    });
    $('.compare-open').addEventListener('click', (event) => {
      event.preventDefault();
      if (state.compare.length < 2) { updateCompareSelection(`比較には2件以上を選んでください（選択中: ${state.compare.length}件）。`); return; }
      navigate({ view: 'compare', detail: '' });
      focusHeading('compare');
    });
    $('.compare-clear').addEventListener('click', () => navigate({ compare: [] }, { replace: true }));
    $('.detail-compare').addEventListener('change', (event) => toggleCompare(state.detail, event.target.checked));
    $('.detail-shortlist').addEventListener('change', (event) =>
      detailOf(state.detail).then((scheme) => toggleShortlist(scheme, event.target.checked), () => { event.target.checked = false; }));
    $('.detail-close').addEventListener('click', () => dialog().close());
    // Closing by Escape or the button leaves a history entry without the detail, like any other step.
    dialog().addEventListener('close', () => { if (state.detail) navigate({ detail: '' }); });
    window.addEventListener('popstate', () => {
      state = stateFromUrl(location.href);
      apply();
    });
  }

  async function start() {
    bindControls();
    try {
      vocabularies = await request(null, '/vocabularies');
    } catch (error) {
      const alert = $('.load-error');
      alert.textContent = `支援制度カタログを読み込めませんでした。${describeError(error)}`;
      alert.hidden = false;
      return;
    }
    buildFilterPanel();
    buildProfileForm();
    state = stateFromUrl(location.href);
    collapseIdleFiltersOnNarrowScreens();
    history.replaceState(null, '', queryOf(state));
    apply();
  }

  start();
})();
