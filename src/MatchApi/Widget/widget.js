/*!
 * MatchApi search widget (served by MatchApi at /widget.js; plain JavaScript, no dependencies, no build step).
 *
 *   <script src="https://matchapi.example/widget.js"
 *           data-api-key="…"            optional: partner key (sent as X-Api-Key)
 *           data-stage="non_clinical"   optional: stages selected at start (comma-separated codes)
 *           data-support-type="funding" optional: support types selected at start
 *           data-query="AI 画像診断"      optional: initial search text
 *           data-page-size="10"         optional: results per page (1–50)
 *           data-detail-url="https://partner.example/schemes/{id}"  optional: where a result links; default: a detail view inside the widget
 *           data-target="#search"       optional: CSS selector of the element to render into; default: right after the script
 *   ></script>
 *
 * The widget renders inside a shadow root, so the page's CSS and the widget's never mix.
 * It calls the service the script was loaded from (document.currentScript.src), so it works on any partner origin
 * that the key (or the anonymous configuration) allows.
 */
(() => {
  'use strict';

  const script = document.currentScript;
  if (!script || !script.src) return;

  const base = new URL('.', script.src);
  const data = script.dataset;
  const list = (value) => (value || '').split(/[,、\s]+/).map((v) => v.trim()).filter(Boolean);
  const options = {
    apiKey: (data.apiKey || '').trim(),
    stage: list(data.stage),
    supportType: list(data.supportType),
    ministry: list(data.ministry),
    query: data.query || '',
    pageSize: Math.min(50, Math.max(1, parseInt(data.pageSize, 10) || 10)),
    detailUrl: data.detailUrl || '',
    target: data.target || '',
  };

  // The filter groups the widget offers; their terms and Japanese labels come from GET /api/v1/vocabularies.
  const FACETS = [
    { name: 'stage', legend: '開発段階', terms: [] },
    { name: 'supportType', legend: '支援の種類', terms: [] },
    { name: 'ministry', legend: '省庁', terms: [] },
  ];
  // Labelled in the detail but not offered as chips.
  const DETAIL_VOCABULARIES = ['applicant'];
  const LABELS = {};
  const label = (facet, code) => (LABELS[facet] && LABELS[facet][code]) || code;

  const STYLE = `
    :host { all: initial; display: block; contain: content; font-family: system-ui, -apple-system, "Hiragino Sans", "Noto Sans CJK JP", "Yu Gothic", sans-serif;
            font-size: 15px; line-height: 1.6; color: #1f2933; }
    :host([hidden]) { display: none; }
    * { box-sizing: border-box; }
    .mw { border: 1px solid #cbd2d9; border-radius: 10px; padding: 16px; background: #fff; max-width: 860px; }
    label.mw-label { display: block; font-weight: 700; margin-bottom: 4px; }
    .mw-row { display: flex; gap: 8px; }
    input[type=search] { flex: 1; font: inherit; padding: 8px 10px; border: 1px solid #9aa5b1; border-radius: 6px; background: #fff; color: inherit; min-width: 0; }
    button { font: inherit; cursor: pointer; border-radius: 6px; }
    .mw-submit { padding: 8px 16px; border: 1px solid #1c4f8c; background: #1c4f8c; color: #fff; }
    :focus-visible { outline: 3px solid #f0b429; outline-offset: 2px; }
    fieldset { border: 0; margin: 12px 0 0; padding: 0; }
    legend { font-size: 13px; font-weight: 700; color: #52606d; padding: 0; margin-bottom: 4px; }
    .mw-chips { display: flex; flex-wrap: wrap; gap: 6px; }
    .mw-chip { padding: 3px 10px; border: 1px solid #9aa5b1; background: #f5f7fa; color: #1f2933; font-size: 13px; border-radius: 999px; }
    .mw-chip[aria-pressed="true"] { background: #1c4f8c; border-color: #1c4f8c; color: #fff; }
    .mw-chip.mw-empty:not([aria-pressed="true"]) { color: #7b8794; }
    .mw-count { display: inline-block; margin-left: 4px; font-variant-numeric: tabular-nums; opacity: .85; }
    .mw-count::before { content: "("; } .mw-count::after { content: ")"; }
    .mw-status { margin: 14px 0 6px; color: #3e4c59; font-size: 14px; }
    .mw-error { color: #a61b1b; }
    .mw-results { list-style: none; margin: 0; padding: 0; }
    .mw-item { border-top: 1px solid #e4e7eb; padding: 10px 0; }
    .mw-name { font-size: 16px; margin: 0; }
    .mw-name a, .mw-detail a { color: #1c4f8c; }
    .mw-meta { margin: 2px 0; font-size: 12px; color: #616e7c; }
    .mw-snippet { margin: 4px 0 0; font-size: 14px; }
    mark { background: #fff3b0; color: inherit; padding: 0 1px; border-radius: 2px; }
    .mw-pager { display: flex; align-items: center; gap: 12px; margin-top: 10px; }
    .mw-pager button { padding: 4px 12px; border: 1px solid #9aa5b1; background: #fff; color: inherit; }
    .mw-pager button:disabled { opacity: .4; cursor: default; }
    .mw-detail h3 { font-size: 18px; margin: 8px 0; }
    .mw-detail dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; margin: 8px 0; font-size: 14px; }
    .mw-detail dt { font-weight: 700; color: #52606d; }
    .mw-detail dd { margin: 0; }
    .mw-caps { margin: 0; padding-left: 1.1em; }
    .mw-cap-condition { display: block; font-size: 12px; color: #52606d; }
    .mw-credit { margin: 10px 0 0; font-size: 11px; color: #7b8794; text-align: right; }
    [hidden] { display: none !important; }`;

  const TEMPLATE = `
    <section class="mw" lang="ja" aria-label="医療機器開発の支援制度検索">
      <div class="mw-list">
        <form class="mw-search" role="search">
          <label class="mw-label" for="mw-q">支援制度を検索</label>
          <div class="mw-row">
            <input id="mw-q" name="q" type="search" autocomplete="off" maxlength="1000" placeholder="例: AI 画像診断、海外展開、治験">
            <button class="mw-submit" type="submit">検索</button>
          </div>
        </form>
        <div class="mw-filters"></div>
        <p class="mw-status" role="status" aria-live="polite"></p>
        <ol class="mw-results" aria-label="検索結果"></ol>
        <nav class="mw-pager" aria-label="ページ送り" hidden>
          <button type="button" class="mw-prev">前へ</button><span class="mw-page"></span><button type="button" class="mw-next">次へ</button>
        </nav>
      </div>
      <article class="mw-detail" hidden tabindex="-1" aria-live="polite"></article>
      <p class="mw-credit">MatchApi 支援制度カタログ</p>
    </section>`;

  const host = document.createElement('matchapi-search');
  const root = host.attachShadow({ mode: 'open' });
  root.innerHTML = `<style>${STYLE}</style>${TEMPLATE}`;
  const $ = (selector) => root.querySelector(selector);
  const el = (tag, props = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (key === 'class') node.className = value;
      else if (key === 'text') node.textContent = value;
      else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value);
    }
    node.append(...children.filter((c) => c !== null && c !== undefined));
    return node;
  };

  const state = {
    q: options.query,
    filters: Object.fromEntries(FACETS.map((f) => [f.name, new Set(options[f.name] || [])])),
    page: 1,
  };
  const detailHash = '#matchapi-scheme=';
  const controllers = {};
  let debounce = 0;
  let lastFocusId = null;

  const input = $('#mw-q');
  input.value = state.q;

  // Filter chips: one group per facet, counts from the response's facets.
  const chipGroups = {};
  for (const facet of FACETS) {
    const chips = el('div', { class: 'mw-chips', role: 'group', 'aria-label': facet.legend });
    chipGroups[facet.name] = chips;
    $('.mw-filters').append(el('fieldset', {}, el('legend', { text: facet.legend }), chips));
  }

  function renderChips(facets) {
    for (const facet of FACETS) {
      const counts = (facets && facets[facet.name]) || {};
      const codes = [...facet.terms];
      for (const code of Object.keys(counts)) if (!codes.includes(code)) codes.push(code);
      const chips = chipGroups[facet.name];
      chips.replaceChildren(...codes.map((code) => {
        const pressed = state.filters[facet.name].has(code);
        const count = counts[code] || 0;
        return el('button', {
          type: 'button', class: 'mw-chip' + (count === 0 ? ' mw-empty' : ''), 'aria-pressed': String(pressed),
          'data-facet': facet.name, 'data-code': code, 'aria-label': `${label(facet.name, code)} ${count}件`,
          onclick: () => toggle(facet.name, code),
        }, label(facet.name, code), el('span', { class: 'mw-count', 'aria-hidden': 'true', text: String(count) }));
      }));
    }
  }

  function toggle(facet, code) {
    const set = state.filters[facet];
    if (set.has(code)) set.delete(code); else set.add(code);
    lastFocusId = `${facet}:${code}`;
    state.page = 1;
    search();
  }

  /** Highlights are HTML-escaped snippets with <mark>; only text and <mark> are kept, whatever arrives. */
  function snippet(html) {
    const doc = new DOMParser().parseFromString(`<!doctype html><body>${html}`, 'text/html');
    const out = document.createDocumentFragment();
    (function walk(node, into) {
      for (const child of node.childNodes) {
        if (child.nodeType === Node.TEXT_NODE) into.append(child.data);
        else if (child.nodeType === Node.ELEMENT_NODE) {
          if (child.localName === 'mark') { const mark = document.createElement('mark'); walk(child, mark); into.append(mark); }
          else walk(child, into);
        }
      }
    })(doc.body, out);
    return out;
  }

  function detailHref(id) {
    if (options.detailUrl) return options.detailUrl.split('{id}').join(encodeURIComponent(id));
    return detailHash + encodeURIComponent(id);
  }

  /** One request in flight per channel ('list' or 'detail'); a newer one aborts the older. */
  function api(channel, path, params) {
    const url = new URL(path, base);
    for (const [key, values] of Object.entries(params || {}))
      for (const value of [].concat(values)) if (value !== '' && value !== undefined && value !== null) url.searchParams.append(key, value);
    const headers = { Accept: 'application/json' };
    if (options.apiKey) headers['X-Api-Key'] = options.apiKey;
    if (controllers[channel]) controllers[channel].abort();
    const controller = controllers[channel] = new AbortController();
    return fetch(url, { headers, mode: 'cors', credentials: 'omit', signal: controller.signal }).then(async (response) => {
      if (response.ok) return response.json();
      let detail = '';
      try { detail = (await response.json()).detail || ''; } catch { /* not JSON */ }
      const error = new Error(detail || `HTTP ${response.status}`);
      error.status = response.status;
      error.retryAfter = response.headers.get('Retry-After');
      throw error;
    });
  }

  function describeError(error) {
    if (error.status === 429) return `アクセスが集中しています。${error.retryAfter ? error.retryAfter + '秒後に' : 'しばらくしてから'}もう一度お試しください。`;
    if (error.status === 401) return 'APIキーが無効です。サイトの管理者にお知らせください。';
    if (error.status === 400) return `検索条件を確認してください。${error.message}`;
    if (error.status === 404) return '制度が見つかりませんでした。';
    if (error.status === 503) return 'カタログを準備中です。しばらくしてからもう一度お試しください。';
    if (error.status) return `検索できませんでした（HTTP ${error.status}）。`;
    return '支援制度カタログに接続できませんでした。';
  }

  function setStatus(text, isError) {
    const status = $('.mw-status');
    status.textContent = text;
    status.classList.toggle('mw-error', Boolean(isError));
  }

  function search() {
    clearTimeout(debounce);
    setStatus('検索中…');
    const params = { q: state.q.trim(), page: String(state.page), pageSize: String(options.pageSize) };
    for (const facet of FACETS) params[facet.name] = [...state.filters[facet.name]];
    api('list', 'api/v1/schemes', params).then(renderResults, (error) => {
      if (error.name === 'AbortError') return;
      setStatus(describeError(error), true);
      if (error.status === 400 && state.page !== 1) { state.page = 1; search(); }
    });
  }

  function renderResults(result) {
    renderChips(result.facets);
    if (lastFocusId) {
      const [facet, code] = lastFocusId.split(':');
      const chip = root.querySelector(`.mw-chip[data-facet="${facet}"][data-code="${CSS.escape(code)}"]`);
      if (chip) chip.focus();
      lastFocusId = null;
    }
    const total = result.total || 0;
    setStatus(total === 0 ? '条件に合う制度は見つかりませんでした。' : `${total}件の制度が見つかりました。` + (result.notice ? ` ${result.notice}` : ''));
    $('.mw-results').replaceChildren(...result.items.map(renderItem));
    const pages = Math.max(1, Math.ceil(total / (result.pageSize || options.pageSize)));
    $('.mw-pager').hidden = pages <= 1;
    $('.mw-page').textContent = `${result.page} / ${pages}`;
    $('.mw-prev').disabled = result.page <= 1;
    $('.mw-next').disabled = result.page >= pages;
  }

  function renderItem(item) {
    const highlights = item.highlights || [];
    const nameHighlight = highlights.find((h) => h.field === 'name');
    // The snippet is the summary (with its matches marked when it has any), never the keyword list.
    const textHighlight = highlights.find((h) => h.field === 'summary');
    const link = el('a', { href: detailHref(item.id), 'data-id': item.id });
    link.append(nameHighlight ? snippet(nameHighlight.snippet) : item.name);
    if (!options.detailUrl) link.addEventListener('click', (event) => { event.preventDefault(); openDetail(item.id, true); });
    const meta = [item.ministry ? label('ministry', item.ministry) : null, item.agency,
      (item.stages || []).map((s) => label('stage', s)).join('・') || null,
      (item.supportTypes || []).map((s) => label('supportType', s)).join('・') || null].filter(Boolean).join(' ｜ ');
    const text = el('p', { class: 'mw-snippet' });
    if (textHighlight) text.append(snippet(textHighlight.snippet));
    else text.textContent = item.summary && item.summary.length > 140 ? item.summary.slice(0, 140) + '…' : (item.summary || '');
    return el('li', { class: 'mw-item' }, el('h3', { class: 'mw-name' }, link), meta ? el('p', { class: 'mw-meta', text: meta }) : null, text);
  }

  function showList() {
    $('.mw-detail').hidden = true;
    $('.mw-list').hidden = false;
  }

  function openDetail(id, push) {
    if (push && location.hash !== detailHash + encodeURIComponent(id)) history.pushState(null, '', detailHash + encodeURIComponent(id));
    const detail = $('.mw-detail');
    $('.mw-list').hidden = true;
    detail.hidden = false;
    detail.replaceChildren(el('p', { class: 'mw-status', text: '読み込み中…' }));
    api('detail', 'api/v1/schemes/' + encodeURIComponent(id)).then((scheme) => {
      detail.replaceChildren(...renderDetail(scheme));
      detail.focus();
    }, (error) => {
      if (error.name === 'AbortError') return;
      detail.replaceChildren(backLink(id), el('p', { class: 'mw-status mw-error', text: describeError(error) }));
    });
  }

  function backLink(id) {
    return el('a', { href: '#', class: 'mw-back', onclick: (event) => {
      event.preventDefault();
      if (location.hash.startsWith(detailHash)) history.back(); else closeDetail(id);
    } }, '← 検索結果に戻る');
  }

  function closeDetail(id) {
    showList();
    const link = id && root.querySelector(`.mw-name a[data-id="${CSS.escape(id)}"]`);
    (link || input).focus();
  }

  function renderDetail(s) {
    const rows = [];
    const row = (term, value) => { if (value !== null && value !== undefined && value !== '') rows.push(el('dt', { text: term }), el('dd', {}, value)); };
    row('省庁', s.ministry ? label('ministry', s.ministry) : null);
    row('実施機関', s.agency);
    row('支援の種類', (s.supportTypes || []).map((c) => label('supportType', c)).join('・'));
    row('開発段階', (s.stages || []).map((c) => label('stage', c)).join('・'));
    row('対象者', (s.applicants || []).map((c) => label('applicant', c)).join('・'));
    const period = s.period || {};
    if (period.startFiscalYear || period.endFiscalYear)
      row('実施期間', `${period.startFiscalYear ? period.startFiscalYear + '年度' : ''}〜${period.endFiscalYear ? period.endFiscalYear + '年度' : ''}`);
    const budget = (s.budgets || []).slice(-1)[0];
    if (budget) row('予算', `${budget.fiscalYear}年度 ${Number(budget.amountMillionYen).toLocaleString('ja-JP')}百万円`);
    const caps = s.grantCaps || [];
    if (caps.length) {
      row('上限額', el('ul', { class: 'mw-caps' }, ...caps.map((cap) => el('li', {},
        `${Number(cap.amountMillionYen).toLocaleString('ja-JP')}百万円／${cap.per}`,
        cap.condition ? el('span', { class: 'mw-cap-condition', text: cap.condition }) : null))));
    }
    row('補助率', s.subsidyRate);
    row('対象', s.eligibility);
    let official = null;
    try {
      const url = s.url ? new URL(s.url) : null;
      if (url && (url.protocol === 'https:' || url.protocol === 'http:'))
        official = el('p', {}, el('a', { href: url.href, target: '_blank', rel: 'noopener noreferrer', class: 'mw-official' }, '公式ページを開く ↗'));
    } catch { /* not a URL */ }
    return [backLink(s.id), el('h3', { text: s.name }), el('p', { text: s.summary || '' }), rows.length ? el('dl', {}, ...rows) : null, official].filter(Boolean);
  }

  function fromHash() {
    if (!options.detailUrl && location.hash.startsWith(detailHash)) {
      openDetail(decodeURIComponent(location.hash.slice(detailHash.length)), false);
      return true;
    }
    return false;
  }

  $('.mw-search').addEventListener('submit', (event) => {
    event.preventDefault();
    state.q = input.value;
    state.page = 1;
    showList();
    search();
  });
  const typed = (event) => {
    if (event.isComposing) return; // wait for the IME to commit
    clearTimeout(debounce);
    debounce = setTimeout(() => { if (state.q !== input.value) { state.q = input.value; state.page = 1; search(); } }, 350);
  };
  input.addEventListener('input', typed);
  input.addEventListener('compositionend', typed);
  $('.mw-prev').addEventListener('click', () => { state.page = Math.max(1, state.page - 1); search(); });
  $('.mw-next').addEventListener('click', () => { state.page += 1; search(); });
  window.addEventListener('popstate', () => { if (!fromHash()) { const open = !$('.mw-detail').hidden; showList(); if (open) closeDetail(null); } });

  function loadVocabularies() {
    return api('vocabularies', 'api/v1/vocabularies').then((vocabularies) => {
      for (const facet of FACETS) {
        const terms = vocabularies[facet.name] || [];
        facet.terms = terms.map((term) => term.code);
        LABELS[facet.name] = Object.fromEntries(terms.map((term) => [term.code, term.label]));
      }
      for (const name of DETAIL_VOCABULARIES)
        LABELS[name] = Object.fromEntries((vocabularies[name] || []).map((term) => [term.code, term.label]));
    }, () => { /* chips then show the codes the facets return */ });
  }

  function mount() {
    const target = options.target && document.querySelector(options.target);
    if (target) target.append(host);
    else if (script.parentNode && script.parentNode !== document.head) script.after(host);
    else document.body.append(host);
    loadVocabularies().then(() => {
      renderChips({});
      search();
      fromHash();
    });
  }

  if ((options.target || script.parentNode === document.head) && document.readyState === 'loading')
    document.addEventListener('DOMContentLoaded', mount, { once: true });
  else mount();
})();
