/*
 * The consultant desk (served by MatchApi at /desk/desk.js): search, filters with facet counts, detail, comparison,
 * support map, profile recommendations, CSV export and print, on the public v1 API only.
 *
 * Plain JavaScript, no dependencies, no build step. Every catalog string reaches the page as text (textContent or text
 * nodes); the only HTML inserted is a search highlight, and only after checking it holds nothing but text and <mark>.
 * The URL (query string) carries the whole view state, so a link restores it and back/forward walk through it.
 */
(() => {
  'use strict';

  const API_BASE = '/api/v1';
  const PAGE_SIZE = 20;
  const MAX_PAGE_SIZE = 100;
  const MAX_COMPARE = 4;
  const RECOMMENDATION_LIMIT = 20;
  const VIEWS = ['search', 'map', 'recommend', 'compare'];
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

  const SUPPORT_TYPE_ICONS = { funding: '💰', soft: '👥' };
  const BUDGET_KINDS = { initial: '当初予算', supplementary: '補正予算', request: '概算要求' };
  const RELATIONS = {
    parent: '親事業', child: '下位事業', predecessor: '前身の事業', successor: '後継の事業',
    renamed_from: '改称前の事業', renamed_to: '改称後の事業', partner: '連携する事業',
  };
  const HIGHLIGHT_FIELDS = { name: '名称', aliases: '別名', keywords: 'キーワード', summary: '概要', body: '詳細' };
  const NOT_STATED = '記載なし';

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

  /** Japanese fiscal year with its era year: 2023 → "2023年度（令和5年度）". */
  function formatFiscalYear(year) {
    const [era, first] = year >= 2019 ? ['令和', 2019] : year >= 1989 ? ['平成', 1989] : [null, 0];
    if (!era) return `${year}年度`;
    const n = year - first + 1;
    return `${year}年度（${era}${n === 1 ? '元' : n}年度）`;
  }

  function formatPeriod(period) {
    const start = period && period.startFiscalYear;
    const end = period && period.endFiscalYear;
    if (!start && !end) return NOT_STATED;
    return `${start ? `${start}年度` : ''}～${end ? `${end}年度` : ''}`;
  }

  const formatCap = (cap) => `${formatYen(cap.amountMillionYen)}（${cap.per}）`;
  const formatBudget = (budget) => `${budget.fiscalYear}年度 ${BUDGET_KINDS[budget.kind] || budget.kind} ${formatMillionYen(budget.amountMillionYen)}`;

  /** The entries of the latest fiscal year that has a budget (an initial and a supplementary budget may share it). */
  function latestBudgets(scheme) {
    const budgets = scheme.budgets || [];
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
    stages: { label: '開発段階', text: (s) => (s.stages.length ? labels('stage', s.stages) : '段階不明') },
    applicants: { label: '対象者', text: (s) => orNotStated(labels('applicant', s.applicants)) },
    categories: { label: '支援の分類', text: (s) => orNotStated(labels('category', s.categories)) },
    needs: { label: 'ニーズ', text: (s) => orNotStated(labels('need', s.needs || [])) },
    deviceSpecific: { label: '医療機器への特化', text: (s) => { const d = deviceMark(s.deviceSpecific); return d.mark ? `${d.mark} ${d.text}` : d.text; } },
    period: { label: '実施期間', text: (s) => formatPeriod(s.period) },
    grantCaps: { label: '上限額', text: (s) => (s.grantCaps.length ? s.grantCaps.map(formatCap).join(' / ') : NOT_STATED) },
    subsidyRate: { label: '補助率', text: (s) => orNotStated(s.subsidyRate) },
    latestBudget: { label: '最新の予算', text: (s) => orNotStated(latestBudgets(s).map(formatBudget).join(' / ')) },
    eligibility: { label: '応募資格', text: (s) => orNotStated(s.eligibility) },
    summary: { label: '概要', text: (s) => s.summary },
    url: { label: 'URL', text: (s) => s.url || '' },
  };

  const LIST_CSV_FIELDS = ['id', 'name', 'ministry', 'agency', 'supportTypes', 'stages', 'applicants', 'categories', 'needs', 'deviceSpecific', 'period', 'summary', 'url'];
  const COMPARE_FIELDS = ['supportTypes', 'stages', 'applicants', 'grantCaps', 'subsidyRate', 'period', 'ministry', 'agency', 'latestBudget', 'deviceSpecific'];
  const COMPARE_CSV_FIELDS = ['id', 'name', ...COMPARE_FIELDS, 'eligibility', 'summary', 'url'];

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

  /** GET /schemes/{id}, once per id per page load (the comparison and the detail share it). */
  function detailOf(id) {
    if (!details.has(id)) {
      details.set(id, request(null, `/schemes/${encodeURIComponent(id)}`).catch((error) => {
        details.delete(id);
        throw error;
      }));
    }
    return details.get(id);
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
    detail: '', compare: [], profile: emptyProfile(),
  };

  const known = (vocabulary, codes) => codes.filter((code) => codesOf(vocabulary).includes(code));
  const unique = (values) => [...new Set(values)];

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
      compare: unique(one('compare').split(',').map((id) => id.trim()).filter(Boolean)).slice(0, MAX_COMPARE),
      profile,
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
    add('compare', s.compare.join(','));
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
  const rendered = { search: '', map: '', recommend: '', compare: '' };

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
    if (state.view === 'search') loadSearch();
    else if (state.view === 'map') loadMap();
    else if (state.view === 'recommend') loadRecommendations();
    else loadCompare();
    showDetail();
  }

  function showView() {
    for (const section of $$('main .view')) section.hidden = section.dataset.view !== state.view;
    $('.catalog-layout').hidden = !CATALOG_VIEWS.includes(state.view);
    for (const link of $$('.view-link')) {
      const view = link.dataset.view;
      link.href = hrefFor({ view, detail: '', page: view === state.view ? state.page : 1 });
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

  /** On a tablet the panel sits above the results: folded away until needed, unless the link already filters. */
  function collapseIdleFiltersOnNarrowScreens() {
    const filtering = FACETS.some((facet) => state.filters[facet.name].length > 0) || state.deviceSpecific || state.activeOn;
    if (window.matchMedia('(max-width: 1024px)').matches && !filtering) $('.filters-box').open = false;
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

  function renderSearch(result) {
    updateFacetCounts(result.facets);
    const from = result.total === 0 ? 0 : (result.page - 1) * result.pageSize + 1;
    const to = from === 0 ? 0 : from + result.items.length - 1;
    const subject = state.q ? `「${state.q}」に一致する制度` : '条件に合う制度';
    setStatus($('.search-status'), result.total === 0
      ? `${subject}は見つかりませんでした。`
      : `${subject}: ${result.total}件（${from}～${to}件目を表示）`);
    // The any-word notice explains the list; with no result there is nothing to explain.
    const notice = $('.match-notice');
    notice.textContent = result.notice || '';
    notice.hidden = !result.notice || result.total === 0;
    $('.results').replaceChildren(...result.items.map(renderResult));
    renderPager(result);
    updateCompareSelection();
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
          compareToggle(scheme)),
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
      : `${schemes.length}件の制度（うち段階不明 ${unknownStage.length}件）`);

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
    const body = { limit: RECOMMENDATION_LIMIT };
    if (profile.stage) body.stage = profile.stage;
    if (profile.applicant) body.applicant = profile.applicant;
    if (profile.needs.length) body.needs = profile.needs;
    if (profile.supportTypes.length) body.supportTypes = profile.supportTypes;
    if (profile.query) body.query = profile.query;
    return body;
  }

  async function loadRecommendations() {
    const status = $('.recommend-status');
    if (profileIsEmpty(state.profile)) {
      rendered.recommend = '';
      setStatus(status, '相談者の状況を1つ以上入力して「おすすめの制度を表示」を押してください。');
      $('.recommendations').replaceChildren();
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
        $('.recommendations').replaceChildren(...result.items.map(renderRecommendation));
        updateCompareSelection();
      },
    });
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
          compareToggle(scheme)),
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
    if (ids.length < 2) {
      rendered.compare = '';
      setStatus(status, `比較する制度を2～${MAX_COMPARE}件選んでください（検索結果や詳細の「比較」にチェック）。選択中: ${ids.length}件`);
      wrap.replaceChildren();
      return;
    }
    await loadView('compare', {
      key,
      currentKey: () => state.compare.join(','),
      status,
      loadingText: '読み込み中…',
      load: () => Promise.all(ids.map(detailOf)),
      render: (schemes) => {
        setStatus(status, `${schemes.length}件の制度を比較しています。`);
        wrap.replaceChildren(renderCompareTable(schemes));
      },
    });
  }

  function renderCompareTable(schemes) {
    return el('table', { class: 'compare-table' },
      el('caption', { class: 'visually-hidden', text: '制度の比較' }),
      el('thead', {}, el('tr', {},
        el('th', { scope: 'col', text: '項目' }),
        schemes.map((s) => el('th', { scope: 'col', 'data-id': s.id },
          detailLink(s),
          el('button', { type: 'button', class: 'remove-compare', 'aria-label': `「${s.name}」を比較から外す`, on: { click: () => toggleCompare(s.id, false) } }, '外す'))))),
      el('tbody', {}, COMPARE_FIELDS.map((field) => el('tr', { 'data-field': field },
        el('th', { scope: 'row', text: FIELDS[field].label }),
        schemes.map((s) => el('td', { text: FIELDS[field].text(s) }))))));
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
    } catch (error) {
      if (state.detail !== id) return;
      shownDetail = '';
      $('#detail-title').textContent = '制度の詳細';
      setStatus(status, describeError(error), true);
    }
    $('#detail-title').focus();
  }

  function section(heading, ...content) {
    return el('section', { class: 'detail-section' }, el('h3', { text: heading }), ...content);
  }

  function facts(rows) {
    return el('dl', { class: 'facts' }, rows.filter(Boolean).map(([term, ...description]) => [el('dt', { text: term }), el('dd', {}, ...description)]));
  }

  const note = (text) => (text ? el('span', { class: 'note', text: ` ${text}` }) : null);

  function renderDetail(s) {
    $('#detail-title').textContent = s.name;
    const url = safeHttpUrl(s.url);
    const device = deviceMark(s.deviceSpecific);
    const sections = [
      facts([
        ['制度ID', el('code', { text: s.id })],
        ['別名・略称', s.aliases.length ? s.aliases.join('、') : NOT_STATED],
        s.parent ? ['親事業', detailLink(s.parent)] : null,
        ['省庁', FIELDS.ministry.text(s)],
        ['実施機関', FIELDS.agency.text(s)],
        ['支援の種類', s.supportTypes.map(supportTypeBadge)],
        ['支援の分類', FIELDS.categories.text(s)],
        ['開発段階', FIELDS.stages.text(s), note(s.stagesNote)],
        ['対象者', FIELDS.applicants.text(s), note(s.applicantsNote)],
        ['ニーズ', FIELDS.needs.text(s)],
        ['医療機器への特化', device.mark ? `${device.mark} ${device.text}` : device.text],
        ['実施期間', formatPeriod(s.period)],
        ['補助率', FIELDS.subsidyRate.text(s)],
        ['キーワード', s.keywords.length ? s.keywords.join('、') : NOT_STATED],
        ['公式情報', url ? el('a', { href: url, rel: 'noopener noreferrer', target: '_blank' }, s.url, hiddenText('（新しいタブで開きます）')) : NOT_STATED],
      ]),
      section('概要', el('p', { text: s.summary })),
      section('上限額', grantCapTable(s.grantCaps)),
      section('応募資格', el('p', { text: FIELDS.eligibility.text(s) })),
      section('予算（年度別）', budgetView(s)),
      section('関連する制度', relatedList(s)),
      s.notes ? section('備考', el('p', { text: s.notes })) : null,
      section('出典', sourceTable(s.sources)),
    ];
    $('.detail-body').replaceChildren(...sections.filter(Boolean));
  }

  function grantCapTable(caps) {
    if (caps.length === 0) return el('p', { text: NOT_STATED });
    return el('table', { class: 'data-table caps-table' },
      el('thead', {}, el('tr', {}, ['上限額', '単位', '条件'].map((h) => el('th', { scope: 'col', text: h })))),
      el('tbody', {}, caps.map((cap) => el('tr', {},
        el('td', { class: 'number' }, formatYen(cap.amountMillionYen), el('br'), el('span', { class: 'note', text: formatMillionYen(cap.amountMillionYen) })),
        el('td', { text: cap.per }),
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
      el('span', { class: 'relation', text: `${RELATIONS[link.relation] || link.relation}: ` }),
      detailLink(link),
      note(link.note))));
  }

  /** The seed document as a client can look for it (its title; publisher and date on hover), with the file name the lines refer to. */
  function sourceDocument(source) {
    const issued = [source.publisher, source.dateText].filter(Boolean).join('、');
    return [
      source.title ? el('span', { class: 'source-title', title: issued || null, text: `${source.title} ` }) : null,
      el('code', { class: 'note', text: source.document }),
    ];
  }

  function sourceTable(sources) {
    return el('table', { class: 'data-table sources-table' },
      el('thead', {}, el('tr', {}, ['資料（ファイル）', '行', '内容'].map((h) => el('th', { scope: 'col', text: h })))),
      el('tbody', {}, sources.map((source) => el('tr', {},
        el('td', {}, ...sourceDocument(source)),
        el('td', { class: 'number', text: source.lines }),
        el('td', { text: source.about || '' })))));
  }

  // ---------------------------------------------------------------- budget chart

  /** A round axis maximum at or above the largest amount: 1, 2, 2.5 or 5 times a power of ten. */
  function axisMaximum(largest) {
    if (largest <= 0) return 1;
    const power = 10 ** Math.floor(Math.log10(largest));
    return [1, 2, 2.5, 5, 10].map((step) => step * power).find((candidate) => candidate >= largest);
  }

  function budgetView(s) {
    if (s.budgets.length === 0) return el('p', { text: NOT_STATED });
    const tableId = `budget-table-${s.id}`;
    return el('div', { class: 'budget' },
      budgetChart(s.budgets, tableId),
      el('ul', { class: 'chart-legend', 'aria-hidden': 'true' },
        unique(s.budgets.map((b) => b.kind)).map((kind) => el('li', {}, el('span', { class: `swatch bar-${kind}` }), BUDGET_KINDS[kind] || kind))),
      budgetTable(s.budgets, tableId));
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
      return svg('g', { class: 'bar', 'data-fiscal-year': budget.fiscalYear, 'data-kind': budget.kind, 'data-amount': budget.amountMillionYen },
        svg('rect', { class: `bar-${budget.kind}`, x, y: y(budget.amountMillionYen), width: barWidth, height: Math.max(1, y(0) - y(budget.amountMillionYen)) },
          svg('title', { text: `${formatFiscalYear(budget.fiscalYear)} ${BUDGET_KINDS[budget.kind] || budget.kind}: ${formatMillionYen(budget.amountMillionYen)}` })),
        svg('text', { class: 'bar-value', x: center, y: y(budget.amountMillionYen) - 6, 'text-anchor': 'middle', text: numberFormat.format(budget.amountMillionYen) }),
        svg('text', { class: 'bar-year', x: center, y: height - margin.bottom + 18, 'text-anchor': 'middle', text: `${budget.fiscalYear}年度` }),
        svg('text', { class: 'bar-kind', x: center, y: height - margin.bottom + 34, 'text-anchor': 'middle', text: BUDGET_KINDS[budget.kind] || budget.kind }));
    });

    return svg('svg', { class: 'budget-chart', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': titleId, 'aria-describedby': tableId },
      svg('title', { id: titleId, text: '年度別の予算（百万円）。数値は下の表のとおり。' }),
      svg('text', { class: 'axis-unit', x: margin.left - 8, y: 14, 'text-anchor': 'end', text: '百万円' }),
      grid, bars);
  }

  function budgetTable(budgets, tableId) {
    return el('table', { class: 'data-table budget-table', id: tableId },
      el('caption', { text: '年度別の予算（表）' }),
      el('thead', {}, el('tr', {}, ['年度', '種別', '金額（百万円）', '金額', '備考'].map((h) => el('th', { scope: 'col', text: h })))),
      el('tbody', {}, budgets.map((b) => el('tr', { 'data-fiscal-year': b.fiscalYear, 'data-kind': b.kind },
        el('td', { text: formatFiscalYear(b.fiscalYear) }),
        el('td', { text: BUDGET_KINDS[b.kind] || b.kind }),
        el('td', { class: 'number amount-million', text: numberFormat.format(b.amountMillionYen) }),
        el('td', { class: 'number', text: formatYen(b.amountMillionYen) }),
        el('td', { text: b.note || '' })))));
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

  async function exportList() {
    const status = $('.search-status');
    try {
      const result = await fetchAllSchemes('export', listParams());
      downloadCsv('支援制度_検索結果', toCsv(LIST_CSV_FIELDS, result.items));
      setStatus(status, `${result.items.length}件をCSVで保存しました。`);
    } catch (error) {
      if (!isAbort(error)) setStatus(status, describeError(error), true);
    }
  }

  async function exportComparison() {
    const status = $('.compare-status');
    if (state.compare.length === 0) { setStatus(status, '比較する制度が選ばれていません。', true); return; }
    try {
      const schemes = await Promise.all(state.compare.map(detailOf));
      downloadCsv('支援制度_比較', toCsv(COMPARE_CSV_FIELDS, schemes));
      setStatus(status, `${schemes.length}件の比較をCSVで保存しました。`);
    } catch (error) {
      setStatus(status, describeError(error), true);
    }
  }

  // ---------------------------------------------------------------- wiring

  function bindControls() {
    for (const link of $$('.view-link')) {
      link.addEventListener('click', (event) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        navigate({ view: link.dataset.view, detail: '', page: link.dataset.view === state.view ? state.page : 1 });
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
    $('.clear-filters').addEventListener('click', () => navigate({ filters: emptyFilters(), deviceSpecific: '', activeOn: '', page: 1, q: typedQuery() }));
    $('#sort').addEventListener('change', (event) => navigate({ sort: event.target.value, page: 1, q: typedQuery() }));
    $('.profile-form').addEventListener('submit', (event) => {
      event.preventDefault();
      navigate({ view: 'recommend', profile: readProfile() });
    });
    $('.export-list').addEventListener('click', exportList);
    $('.export-compare').addEventListener('click', exportComparison);
    for (const button of $$('.print')) button.addEventListener('click', () => window.print());
    $('.compare-open').addEventListener('click', (event) => {
      event.preventDefault();
      if (state.compare.length < 2) { updateCompareSelection(`比較には2件以上を選んでください（選択中: ${state.compare.length}件）。`); return; }
      navigate({ view: 'compare', detail: '' });
      focusHeading('compare');
    });
    $('.compare-clear').addEventListener('click', () => navigate({ compare: [] }, { replace: true }));
    $('.detail-compare').addEventListener('change', (event) => toggleCompare(state.detail, event.target.checked));
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
