// The curator's desk (/desk/curate): sign in with a curator key, edit a scheme's record field by field with the API's
// validation messages beside the fields, add a call for proposals, read the history as diffs and restore a revision.
// Only the public v1 API: the key stays in sessionStorage (this tab only) and goes out as X-Api-Key.
(() => {
  'use strict';

  const KEY_STORAGE = 'matchapi.curatorKey';
  const LABELS = {
    id: '識別子', name: '名称', aliases: '別名・略称', ministry: '府省', agency: '実施機関', parent: '親事業',
    supportTypes: '支援の種類', categories: '区分', stages: '開発段階', stagesNote: '開発段階の根拠', applicants: '対象者',
    applicantsNote: '対象者の根拠', openToAllApplicants: '誰でも応募可', deviceSpecific: '医療機器に特化', needs: 'ニーズ',
    primaryNeeds: '主なニーズ', keywords: 'キーワード', url: '公式情報 URL', urlSource: '公式 URL の出典（URL・確認日）',
    eligibility: '応募資格', summary: '概要', related: '関連制度', period: '実施期間', budgets: '予算',
    grantCaps: '支援額の上限', subsidyRate: '補助率', notes: '備考', sources: '出典（資料・行）', calls: '公募（受付・締切）',
    contacts: '問い合わせ窓口',
  };
  const STRUCTURED = new Set(['related', 'period', 'budgets', 'grantCaps', 'sources', 'calls', 'contacts', 'urlSource']);
  const LONG_TEXT = new Set(['summary', 'eligibility', 'notes', 'stagesNote', 'applicantsNote']);
  const NULLABLE_BOOLEANS = new Set(['deviceSpecific']);
  const CURATED_FACTS = ['url', 'urlSource', 'calls', 'contacts'];
  const OPS = { add: '追加', remove: '削除', replace: '変更', move: '移動', copy: '複製', test: '確認' };

  const $ = (selector, root = document) => root.querySelector(selector);
  const state = { key: sessionStorage.getItem(KEY_STORAGE), id: null, etag: null, record: null };

  function el(tag, attributes = {}, children = []) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (value === null || value === undefined || value === false) continue;
      if (name === 'text') node.textContent = value;
      else node.setAttribute(name, value === true ? '' : value);
    }
    for (const child of [].concat(children)) if (child) node.append(child);
    return node;
  }

  async function api(path, options = {}) {
    const headers = Object.assign({ Accept: 'application/json' }, options.headers || {});
    if (state.key) headers['X-Api-Key'] = state.key;
    // Revalidated every time: a curator must see the revision just written, not a cached page of the history.
    const response = await fetch(path, Object.assign({ cache: 'no-cache' }, options, { headers }));
    const type = response.headers.get('content-type') || '';
    const body = type.includes('json') ? await response.json() : null;
    return { status: response.status, etag: response.headers.get('ETag'), body };
  }

  // --- Sign in -------------------------------------------------------------------------------------------------

  async function signIn(key) {
    state.key = key;
    const { status } = await api('/api/v1/curation/conflicts');
    const message = $('.signin-status');
    if (status === 200) {
      sessionStorage.setItem(KEY_STORAGE, key);
      message.textContent = 'キュレーターとしてサインインしました。';
      $('.signout').hidden = false;
      $('.curate-work').hidden = false;
      await loadSchemeList();
      return;
    }
    state.key = null;
    sessionStorage.removeItem(KEY_STORAGE);
    $('.curate-work').hidden = true;
    message.textContent = status === 403 ? 'このキーにはキュレーターの権限がありません。'
      : status === 401 ? 'キーが正しくありません。' : `サインインできませんでした（${status}）。`;
  }

  function signOut() {
    state.key = null;
    sessionStorage.removeItem(KEY_STORAGE);
    $('.curate-work').hidden = true;
    $('.signout').hidden = true;
    $('.signin-status').textContent = 'サインアウトしました。';
  }

  // --- The record form -----------------------------------------------------------------------------------------

  async function loadSchemeList() {
    const { body } = await api('/api/v1/schemes?pageSize=100&sort=name');
    const select = $('.scheme-select');
    select.replaceChildren(...body.items.map((s) => el('option', { value: s.id, text: `${s.name}（${s.id}）` })));
    const wanted = new URLSearchParams(location.search).get('id');
    if (wanted && body.items.some((s) => s.id === wanted)) select.value = wanted;
    await loadRecord(select.value);
  }

  async function loadRecord(id) {
    const { status, etag, body } = await api(`/api/v1/schemes/${encodeURIComponent(id)}/record`);
    if (status !== 200) { $('.record-status').textContent = `記録を読めませんでした（${status}）。`; return; }
    Object.assign(state, { id, etag, record: body });
    $('.record-status').textContent = `${body.name}：現在の版を読み込みました（ETag ${etag}）。`;
    renderFields(body);
    await loadHistory(id);
  }

  function kindOf(key, value) {
    if (STRUCTURED.has(key) || (value !== null && typeof value === 'object' && !Array.isArray(value))) return 'json';
    if (Array.isArray(value)) return value.every((v) => typeof v === 'string') ? 'lines' : 'json';
    if (typeof value === 'boolean' || NULLABLE_BOOLEANS.has(key)) return 'boolean';
    if (typeof value === 'number') return 'number';
    return LONG_TEXT.has(key) ? 'longtext' : 'text';
  }

  function renderFields(record) {
    const keys = Object.keys(record).concat(CURATED_FACTS.filter((k) => !(k in record)));
    const fields = keys.map((key) => {
      const value = key in record ? record[key] : (key === 'calls' || key === 'contacts' ? [] : null);
      const kind = kindOf(key, value);
      let input;
      if (kind === 'json') input = el('textarea', { rows: 6, class: 'json' }, []), input.value = value === null ? 'null' : JSON.stringify(value, null, 2);
      else if (kind === 'lines') input = el('textarea', { rows: Math.max(2, value.length + 1) }), input.value = value.join('\n');
      else if (kind === 'longtext') input = el('textarea', { rows: 3 }), input.value = value ?? '';
      else if (kind === 'boolean') {
        input = el('select', {}, [el('option', { value: 'true', text: 'はい' }), el('option', { value: 'false', text: 'いいえ' }),
          NULLABLE_BOOLEANS.has(key) ? el('option', { value: '', text: '不明' }) : null]);
        input.value = value === null || value === undefined ? '' : String(value);
      } else input = el('input', { type: kind === 'number' ? 'number' : 'text', value: value ?? '' });
      input.name = key;
      input.dataset.kind = kind;
      input.setAttribute('aria-describedby', `error-${key}`);
      if (key === 'id') input.readOnly = true;
      return el('div', { class: 'field', 'data-field': key }, [
        el('label', {}, [el('span', { class: 'field-label', text: `${LABELS[key] || key}（${key}）` }), input]),
        el('p', { class: 'field-error', id: `error-${key}`, role: 'alert', hidden: true }),
      ]);
    });
    $('.record-fields').replaceChildren(...fields);
  }

  function clearErrors() {
    for (const error of document.querySelectorAll('.field-error')) { error.hidden = true; error.textContent = ''; }
    for (const field of document.querySelectorAll('.field.invalid')) field.classList.remove('invalid');
  }

  function showError(key, message) {
    const field = document.querySelector(`.field[data-field="${CSS.escape(key)}"]`);
    if (!field) return false;
    field.classList.add('invalid');
    const error = $('.field-error', field);
    error.hidden = false;
    error.textContent = error.textContent ? `${error.textContent} ${message}` : message;
    return true;
  }

  /** The record as the form holds it; null (with the messages shown) when a JSON field does not parse. */
  function readForm() {
    const record = {};
    let valid = true;
    for (const input of document.querySelectorAll('.record-fields [name]')) {
      const key = input.name;
      const text = input.value;
      switch (input.dataset.kind) {
        case 'json':
          try { record[key] = JSON.parse(text); } catch { valid = false; showError(key, 'JSON として読めません。'); }
          break;
        case 'lines': record[key] = text.split('\n').map((line) => line.trim()).filter(Boolean); break;
        case 'boolean': record[key] = text === '' ? null : text === 'true'; break;
        case 'number': record[key] = text === '' ? null : Number(text); break;
        default: record[key] = text.trim() === '' ? null : text;
      }
    }
    return valid ? record : null;
  }

  async function save(event) {
    event.preventDefault();
    clearErrors();
    const status = $('.save-status');
    const note = $('[name="changeNote"]').value.trim();
    if (!note) { status.textContent = '変更メモを書いてください（何を、なぜ変えたか）。'; return; }
    const record = readForm();
    if (!record) { status.textContent = '入力を直してください。'; return; }
    const answer = await api(`/api/v1/schemes/${encodeURIComponent(state.id)}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', 'If-Match': state.etag, 'X-Change-Note': encodeURIComponent(note) },
      body: JSON.stringify(record),
    });
    if (answer.status === 200) {
      status.textContent = `保存しました：第${answer.body.revision}版。`;
      $('[name="changeNote"]').value = '';
      await loadRecord(state.id);
      return;
    }
    if (answer.status === 400 && answer.body && answer.body.errors) {
      const elsewhere = [];
      for (const [key, messages] of Object.entries(answer.body.errors)) {
        const field = key.split(/[[.]/)[0];
        for (const message of messages) if (!showError(field, `${key}: ${message}`)) elsewhere.push(`${key}: ${message}`);
      }
      status.textContent = '保存できませんでした。項目の横の指摘を直してください。' + (elsewhere.length ? ' ' + elsewhere.join(' ') : '');
      return;
    }
    if (answer.status === 412) {
      status.textContent = `保存できませんでした：他の方がこの制度を更新しました（現在 第${answer.body.currentRevision}版）。読み込み直して、変更をやり直してください。`;
      return;
    }
    status.textContent = answer.status === 401 || answer.status === 403 ? 'キュレーターとしてサインインし直してください。'
      : `保存できませんでした（${answer.status}）：${(answer.body && answer.body.detail) || ''}`;
  }

  function addCall() {
    const value = (name) => { const text = $(`[name="${name}"]`).value.trim(); return text === '' ? null : text; };
    clearErrors();
    if (!value('callTitle')) { showError('calls', '公募名を入れてください。'); return; }
    const input = $('.record-fields [name="calls"]');
    let calls;
    try { calls = JSON.parse(input.value || '[]') || []; } catch { showError('calls', 'JSON として読めません。'); return; }
    calls.push({
      title: value('callTitle'), opensAt: value('callOpensAt'), closesAt: value('callClosesAt'), status: null,
      system: value('callSystem'), url: value('callUrl'), note: null,
      source: { url: value('callSourceUrl'), checkedOn: value('callCheckedOn') },
    });
    input.value = JSON.stringify(calls, null, 2);
    for (const name of ['callTitle', 'callOpensAt', 'callClosesAt', 'callSystem', 'callUrl', 'callSourceUrl', 'callCheckedOn']) $(`[name="${name}"]`).value = '';
    $('.save-status').textContent = '公募を追加しました。変更メモを書いて保存してください。';
  }

  // --- History -------------------------------------------------------------------------------------------------

  function describe(value) {
    if (value === null || value === undefined) return '（なし）';
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    return text.length > 300 ? text.slice(0, 300) + '…' : text;
  }

  function pathLabel(path) {
    if (path === '') return '記録全体';
    const [first, ...rest] = path.slice(1).split('/');
    return (LABELS[first] || first) + (rest.length ? ` › ${rest.join(' › ')}` : '');
  }

  async function loadHistory(id) {
    const { body } = await api(`/api/v1/schemes/${encodeURIComponent(id)}/revisions`);
    const current = body.items.length ? body.items[0].number : 0;
    $('.revisions').replaceChildren(...body.items.map((revision) => el('li', { class: 'revision', 'data-number': revision.number }, [
      el('p', { class: 'revision-head', text: `第${revision.number}版　${new Date(revision.createdAt).toLocaleString('ja-JP', { timeZone: 'Asia/Tokyo' })}　${revision.author}　「${revision.note}」` }),
      el('ul', { class: 'diff' }, revision.patch.map((op) => el('li', { class: `diff-${op.op}` }, [
        el('span', { class: 'diff-op', text: `${OPS[op.op] || op.op}：${pathLabel(op.path)}` }),
        op.op === 'remove' ? null : el('span', { class: 'diff-value', text: ` → ${describe(op.value)}` }),
      ]))),
      revision.number === current ? el('p', { class: 'revision-current', text: '現在の版' })
        : el('button', { type: 'button', class: 'restore', 'data-number': revision.number, text: `第${revision.number}版に戻す` }),
    ])));
  }

  async function restore(number) {
    const note = $('[name="changeNote"]').value.trim() || `第${number}版に戻しました`;
    const answer = await api(`/api/v1/schemes/${encodeURIComponent(state.id)}/revisions/${number}/restore`, {
      method: 'POST', headers: { 'If-Match': state.etag, 'X-Change-Note': encodeURIComponent(note) },
    });
    $('.save-status').textContent = answer.status === 200 ? `第${number}版に戻しました（第${answer.body.revision}版として保存）。`
      : `戻せませんでした（${answer.status}）：${(answer.body && answer.body.detail) || ''}`;
    if (answer.status === 200) await loadRecord(state.id);
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('.signin-form').addEventListener('submit', (event) => { event.preventDefault(); signIn($('[name="key"]').value.trim()); });
    $('.signout').addEventListener('click', signOut);
    $('.scheme-select').addEventListener('change', (event) => loadRecord(event.target.value));
    $('.record-form').addEventListener('submit', save);
    $('.add-call').addEventListener('click', addCall);
    $('.revisions').addEventListener('click', (event) => {
      const button = event.target.closest('button.restore');
      if (button) restore(Number(button.dataset.number));
    });
    if (state.key) signIn(state.key);
  });
})();
