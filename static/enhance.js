/*
 * Progressive enhancement, same origin, no inline script (CSP script-src 'self'). Every page works
 * without it; with it:
 *  - file inputs become a styled picker in the page's language, with a preview and a remove control;
 *  - table cells get data-label from their column header, so tables read as cards on phones;
 *  - the 关怀模式 toggle switches in place, so whatever was typed into a form stays.
 */
;(function () {
  'use strict'
  document.documentElement.classList.add('js')

  function each(sel, fn, root) {
    Array.prototype.forEach.call((root || document).querySelectorAll(sel), fn)
  }

  function sizeText(n) {
    return n < 1024 * 1024 ? Math.max(1, Math.round(n / 1024)) + ' KB' : (n / 1024 / 1024).toFixed(1) + ' MB'
  }

  function filePicker(wrap) {
    var input = wrap.querySelector('input[type=file]')
    if (!input || wrap.getAttribute('data-ready')) return
    wrap.setAttribute('data-ready', '1')
    var d = wrap.dataset
    var bar = document.createElement('div')
    bar.className = 'file-bar'
    var choose = document.createElement('button')
    choose.type = 'button'
    choose.className = 'button secondary file-choose'
    choose.textContent = d.choose || '选择文件'
    var name = document.createElement('span')
    name.className = 'file-name'
    name.setAttribute('aria-live', 'polite')
    name.textContent = d.none || '未选择文件'
    var remove = document.createElement('button')
    remove.type = 'button'
    remove.className = 'button ghost small file-remove'
    remove.textContent = d.remove || '移除'
    remove.hidden = true
    var preview = document.createElement('div')
    preview.className = 'file-preview'
    bar.appendChild(choose)
    bar.appendChild(name)
    bar.appendChild(remove)
    wrap.appendChild(bar)
    wrap.appendChild(preview)
    if (input.id) choose.setAttribute('aria-describedby', input.id)

    function update() {
      preview.textContent = ''
      var f = input.files && input.files[0]
      if (!f) {
        name.textContent = d.none || '未选择文件'
        remove.hidden = true
        choose.textContent = d.choose || '选择文件'
        return
      }
      name.textContent = f.name + '（' + sizeText(f.size) + '）'
      remove.hidden = false
      remove.setAttribute('aria-label', (d.remove || '移除') + ' ' + f.name)
      choose.textContent = d.change || '重新选择'
      if (/^image\/(png|jpeg)$/.test(f.type) && window.FileReader) {
        var r = new FileReader()
        r.onload = function () {
          var img = document.createElement('img')
          img.src = String(r.result)
          img.alt = (d.preview || '预览') + '：' + f.name
          preview.appendChild(img)
        }
        r.readAsDataURL(f)
      } else {
        var doc = document.createElement('span')
        doc.className = 'file-doc'
        doc.textContent = /pdf$/i.test(f.name) ? 'PDF' : (f.name.split('.').pop() || '').toUpperCase()
        preview.appendChild(doc)
      }
    }
    choose.addEventListener('click', function () {
      input.click()
    })
    remove.addEventListener('click', function () {
      input.value = ''
      update()
      choose.focus()
    })
    input.addEventListener('change', update)
    update()
  }

  function tableLabels(table) {
    var heads = table.querySelectorAll('thead th')
    if (!heads.length) return
    each(
      'tbody tr',
      function (tr) {
        Array.prototype.forEach.call(tr.children, function (td, i) {
          if (td.tagName === 'TD' && !td.hasAttribute('data-label') && heads[i]) {
            var label = heads[i].textContent.trim()
            if (label) td.setAttribute('data-label', label)
          }
        })
      },
      table,
    )
    table.classList.add('responsive')
  }

  function careToggle(form) {
    form.addEventListener('submit', function (e) {
      if (!window.fetch || !window.FormData) return
      e.preventDefault()
      var body = new URLSearchParams(new FormData(form))
      fetch(form.action, { method: 'POST', body: body, credentials: 'same-origin', redirect: 'manual' })
        .then(function () {
          var on = !document.documentElement.classList.contains('care')
          document.documentElement.classList.toggle('care', on)
          document.body.classList.toggle('care', on)
          var b = form.querySelector('button')
          if (b) {
            b.setAttribute('aria-pressed', on ? 'true' : 'false')
            b.textContent = on ? b.getAttribute('data-off') || b.textContent : b.getAttribute('data-on') || b.textContent
          }
        })
        .catch(function () {
          form.submit()
        })
    })
  }

  function init(root) {
    each('[data-file-picker]', filePicker, root)
    // every table with column headings reads as cards on phones (also those not wrapped in .table-wrap)
    each('main table', tableLabels, root)
  }
  init(document)
  each('form.care-toggle', careToggle)
  // htmx swaps (inline validation) bring new fields: enhance them too.
  document.addEventListener('htmx:afterSwap', function (e) {
    init(e.target)
  })
})()
