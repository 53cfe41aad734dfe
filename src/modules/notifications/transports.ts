import nodemailer from 'nodemailer'
import fs from 'node:fs'
import path from 'node:path'

/** Mail and SMS gateways. Real ones in production, file-backed ones in development, in-memory in tests. */
export interface MailMessage {
  to: string
  subject: string
  text: string
  /** Stable id so a receiver can drop a duplicate if a crash made us send twice. */
  messageId?: string
}
export interface Mailer {
  send(m: MailMessage): Promise<void>
}
export interface SmsGateway {
  send(to: string, text: string): Promise<void>
}

export function createMailer(opts: { smtpUrl: string | null; mailDir: string; from: string }): Mailer {
  if (opts.smtpUrl) {
    // nodemailer waits up to 2 min to connect and 10 min on a silent socket; a stuck relay must not hold
    // the outbox worker (and so a shutdown) that long: the message is retried by the outbox instead.
    const transport = nodemailer.createTransport({
      url: opts.smtpUrl,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    })
    return {
      async send(m) {
        await transport.sendMail({ from: opts.from, to: m.to, subject: m.subject, text: m.text, messageId: m.messageId })
      },
    }
  }
  // No SMTP configured: write RFC 822 files a developer can open (DATA_DIR/outbox/mail/*.eml).
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' })
  return {
    async send(m) {
      const info = await transport.sendMail({ from: opts.from, to: m.to, subject: m.subject, text: m.text, messageId: m.messageId })
      fs.mkdirSync(opts.mailDir, { recursive: true })
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${Math.random().toString(36).slice(2, 8)}.eml`
      fs.writeFileSync(path.join(opts.mailDir, name), info.message as Buffer)
    },
  }
}

/** Development SMS gateway: one JSON object a line, {"at","to","text"} (see CONTRACT.md SMS_OUTBOX). */
export function createFileSmsGateway(file: string): SmsGateway {
  return {
    async send(to, text) {
      await fs.promises.mkdir(path.dirname(file), { recursive: true })
      await fs.promises.appendFile(file, JSON.stringify({ at: new Date().toISOString(), to, text }) + '\n')
    },
  }
}

export class MemoryMailer implements Mailer {
  sent: MailMessage[] = []
  failing = false
  send(m: MailMessage) {
    if (this.failing) return Promise.reject(new Error('SMTP unavailable'))
    this.sent.push(m)
    return Promise.resolve()
  }
}

export class MemorySms implements SmsGateway {
  sent: { to: string; text: string }[] = []
  failing = false
  send(to: string, text: string) {
    if (this.failing) return Promise.reject(new Error('SMS gateway unavailable'))
    this.sent.push({ to, text })
    return Promise.resolve()
  }
  /** The last 6-digit code sent to a phone (tests). */
  lastCode(to: string): string {
    for (let i = this.sent.length - 1; i >= 0; i--) {
      if (this.sent[i].to === to) {
        const m = this.sent[i].text.match(/\b(\d{6})\b/)
        if (m) return m[1]
      }
    }
    throw new Error(`no code sent to ${to}`)
  }
}
