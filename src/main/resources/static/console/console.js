// Kanal console: a form with data-api calls the admin API from the page (method data-method,
// fields as JSON with data-body="json", else as query parameters), with the session's CSRF token
// in the X-XSRF-TOKEN header (docs/decisions/0015), shows the answer and reloads the page.
(function () {
  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta && meta.content) { return meta.content; }
    var cookie = document.cookie.split('; ').find(function (c) { return c.indexOf('XSRF-TOKEN=') === 0; });
    return cookie ? decodeURIComponent(cookie.substring('XSRF-TOKEN='.length)) : '';
  }

  function show(text, failed) {
    var flash = document.getElementById('flash');
    if (!flash) { alert(text); return; }
    flash.textContent = text;
    flash.className = failed ? 'flash error' : 'flash';
    flash.hidden = false;
  }

  function describe(answer) {
    if (answer == null || typeof answer !== 'object') { return String(answer || 'done'); }
    if (answer.error) { return answer.error; }
    if (Array.isArray(answer) && answer.length && answer[0].outcome) {
      return answer.map(function (o) { return o.sku + ': ' + o.outcome + (o.detail ? ' (' + o.detail + ')' : ''); }).join('; ');
    }
    if (answer.problems && answer.problems.length) { return 'Refused, the running configuration stays: ' + answer.problems.join('; '); }
    if (answer.applied) {
      return 'Client files reloaded: added ' + (answer.added.join(', ') || 'none') + '; changed ' + (answer.changed.join(', ') || 'none')
          + '; removed ' + (answer.removed.join(', ') || 'none') + (answer.nowLive.length ? '; now live ' + answer.nowLive.join(', ') : '');
    }
    if (answer.state && answer.account) { return 'Listing import ' + answer.id + ' of ' + answer.account + ': ' + answer.state; }
    if (answer.done !== undefined) {
      return answer.done + ' of ' + answer.matched + ' message(s) ' + (answer.sentTo ? 'sent back to ' + answer.sentTo : 'deleted');
    }
    if (answer.released !== undefined) {
      return answer.released + ' of ' + answer.held + ' held order(s) released, ' + answer.stillHeld + ' still held';
    }
    return 'Done.';
  }

  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!form.dataset || !form.dataset.api) { return; }
    event.preventDefault();
    var url = form.dataset.api;
    var options = { method: form.dataset.method || 'POST', credentials: 'same-origin',
                    headers: { 'X-XSRF-TOKEN': csrfToken(), 'Accept': 'application/json' } };
    var fields = new FormData(form);
    fields.delete('confirm');
    if (form.dataset.body === 'json') {
      var body = {};
      fields.forEach(function (value, key) { body[key] = value; });
      options.body = JSON.stringify(body);
      options.headers['Content-Type'] = 'application/json';
    }
    Array.prototype.forEach.call(form.querySelectorAll('button'), function (b) { b.disabled = true; });
    fetch(url, options).then(function (response) {
      return response.text().then(function (text) {
        var answer = null;
        try { answer = text ? JSON.parse(text) : null; } catch (e) { answer = text; }
        if (!response.ok) {
          var reason = response.status === 403 ? 'Not allowed for your role (403).' : describe(answer);
          show(reason + ' (HTTP ' + response.status + ')', true);
          Array.prototype.forEach.call(form.querySelectorAll('button'), function (b) { b.disabled = false; });
          return;
        }
        show(describe(answer), false);
        setTimeout(function () { window.location.reload(); }, 800);
      });
    }).catch(function (error) {
      show('The call failed: ' + error, true);
      Array.prototype.forEach.call(form.querySelectorAll('button'), function (b) { b.disabled = false; });
    });
  });
})();
