// Keyboard shortcuts of the staff workbench (docs/workbench.md). Every key stands for a link, form or control
// already on the page, so everything works without this script. Keys never fire while typing in a field.
;(function () {
  'use strict'
  var TYPING = /^(INPUT|TEXTAREA|SELECT)$/
  var typingIn = function (el) {
    if (!el || !el.tagName) return false
    if (el.isContentEditable) return true
    if (!TYPING.test(el.tagName)) return false
    var type = (el.getAttribute('type') || 'text').toLowerCase()
    return el.tagName !== 'INPUT' || !/^(radio|checkbox|button|submit|reset)$/.test(type)
  }
  var submitOf = function (form) {
    return form.querySelector('button[type=submit], input[type=submit]')
  }
  var send = function (form) {
    if (form.requestSubmit) form.requestSubmit()
    else form.submit()
  }

  // Queue page: j/k move a selection over the rows, Enter opens (the case link has focus), c claims it.
  var rows = function () {
    return Array.prototype.slice.call(document.querySelectorAll('#queue-results tbody tr'))
  }
  var selected = -1
  var select = function (i) {
    var all = rows()
    if (!all.length) return
    selected = Math.max(0, Math.min(all.length - 1, i))
    all.forEach(function (r, k) {
      r.classList.toggle('kbd-selected', k === selected)
    })
    var link = all[selected].querySelector('a[href^="/staff/cases/"]')
    if (link) link.focus()
  }

  // Case page: p shows the next material in the preview frame.
  var shown = 0
  var previewNext = function () {
    var links = document.querySelectorAll('[data-preview]')
    if (!links.length) return
    shown = (shown + 1) % links.length
    links[shown].click()
  }

  var choose = function (radio) {
    radio.checked = true
    radio.dispatchEvent(new Event('change', { bubbles: true }))
    var form = radio.form
    if (radio.value === 'supplement') {
      var first = form.querySelector('#f-template') || form.querySelector('input[name=items]')
      if (first) return first.focus()
    }
    if (radio.value === 'reject' || radio.value === 'refuse' || radio.value === 'revoke') {
      var reason = form.querySelector('textarea[name=reason]')
      if (reason) return reason.focus()
    }
    var button = submitOf(form)
    if (button) button.focus()
  }

  document.addEventListener('keydown', function (e) {
    // Ctrl/⌘+Enter sends the decision form from anywhere in it (also from its text fields).
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      var form = e.target && e.target.closest && e.target.closest('form[data-qa=decision-form]')
      if (form) {
        e.preventDefault()
        send(form)
      }
      return
    }
    if (e.ctrlKey || e.metaKey || e.altKey || e.isComposing || typingIn(e.target)) return
    var key = e.key.length === 1 ? e.key.toLowerCase() : e.key
    if (key === 'p') {
      e.preventDefault()
      return previewNext()
    }
    var el = document.querySelector('[data-key="' + key + '"]')
    if (el) {
      e.preventDefault()
      if (el.tagName === 'A') return el.click()
      if (el.tagName === 'FORM') return send(el)
      if (el.tagName === 'INPUT') return choose(el)
      return
    }
    if (!rows().length) return
    if (key === 'j' || key === 'k') {
      e.preventDefault()
      select(selected < 0 ? 0 : selected + (key === 'j' ? 1 : -1))
    } else if (key === 'c' && selected >= 0) {
      var claim = rows()[selected].querySelector('[data-qa^="claim-"]')
      if (claim) {
        e.preventDefault()
        claim.click()
      }
    }
  })

  // A template picked in the 一次性告知 form ticks its items and fills the notice if nothing was typed.
  document.addEventListener('change', function (e) {
    var sel = e.target
    if (!sel || !sel.matches || !sel.matches('select[data-templates]')) return
    var opt = sel.options[sel.selectedIndex]
    var form = sel.form
    var reason = form.querySelector('textarea[name=reason]')
    var items = (opt.getAttribute('data-items') || '').split(' ').filter(Boolean)
    items.forEach(function (k) {
      var box = form.querySelector('input[name=items][value="' + k + '"]')
      if (box) box.checked = true
    })
    if (reason && opt.getAttribute('data-text') && (!reason.value.trim() || reason.dataset.fromTemplate === '1')) {
      reason.value = opt.getAttribute('data-text')
      reason.dataset.fromTemplate = '1'
    }
  })

  // Chromium's PDF viewer takes the focus when the preview finishes loading, and the shortcuts would then
  // go to the viewer. Unless the clerk pointed into the frame, the focus goes back where it was.
  var lastFocus = null
  var pointerInFrame = false
  document.addEventListener('focusin', function (e) {
    if (e.target && e.target.tagName !== 'IFRAME') lastFocus = e.target
  })
  document.querySelectorAll('iframe[data-qa=preview-frame]').forEach(function (frame) {
    frame.addEventListener('pointerenter', function () {
      pointerInFrame = true
    })
    frame.addEventListener('pointerleave', function () {
      pointerInFrame = false
    })
  })
  if (typeof window !== 'undefined')
    window.addEventListener('blur', function () {
      setTimeout(function () {
        var a = document.activeElement
        if (a && a.tagName === 'IFRAME' && a.getAttribute('data-qa') === 'preview-frame' && !pointerInFrame) {
          if (lastFocus && document.contains(lastFocus)) lastFocus.focus()
          else a.blur()
        }
      }, 0)
    })
})()
