/** The public certificate API, described for verifiers (GET /api/v1/openapi.json). */
export const OPENAPI = {
  openapi: '3.1.0',
  info: {
    title: '人才一站式网上办事大厅 — 电子证照核验接口',
    version: '1.0.0',
    description:
      'Public verification of electronic certificates (电子证照). No login. The token is the one in the certificate’s QR code. The holder’s name is masked and the ID number is never returned. Every verification is recorded and shown to the holder.',
  },
  paths: {
    '/api/v1/certificates/{token}': {
      get: {
        operationId: 'verifyCertificate',
        summary: '核验电子证照',
        parameters: [{ name: 'token', in: 'path', required: true, schema: { type: 'string', maxLength: 1024 } }],
        responses: {
          '200': {
            description: '证照存在且签名有效（状态见 status）',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Certificate' } } },
          },
          '404': { description: '未知或被篡改的证照', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        },
      },
    },
    '/api/v1/jwks.json': {
      get: {
        operationId: 'certificateKeys',
        summary: '证照签名公钥（JWKS，Ed25519），用于离线核验',
        responses: { '200': { description: 'JWKS', content: { 'application/json': { schema: { $ref: '#/components/schemas/Jwks' } } } } },
      },
    },
  },
  components: {
    schemas: {
      Certificate: {
        type: 'object',
        additionalProperties: false,
        required: ['status', 'type', 'holder', 'issued_at', 'expires_at', 'number', 'category', 'issuer', 'revoked_at'],
        properties: {
          status: { type: 'string', enum: ['valid', 'revoked', 'expired'] },
          type: { type: 'string', description: '证照名称' },
          holder: { type: 'string', description: '持证人姓名（脱敏）', pattern: '\\*' },
          issued_at: { type: 'string', format: 'date-time' },
          expires_at: { type: 'string', format: 'date-time' },
          number: { type: 'string' },
          category: { type: 'string' },
          issuer: { type: 'string' },
          revoked_at: { type: ['string', 'null'], format: 'date-time' },
        },
      },
      Error: {
        type: 'object',
        required: ['error'],
        properties: { error: { type: 'string', enum: ['not_found'] }, message: { type: 'string' } },
      },
      Jwks: {
        type: 'object',
        required: ['keys'],
        properties: {
          keys: {
            type: 'array',
            items: {
              type: 'object',
              required: ['kty', 'crv', 'x', 'kid'],
              properties: { kty: { const: 'OKP' }, crv: { const: 'Ed25519' }, x: { type: 'string' }, kid: { type: 'string' } },
            },
          },
        },
      },
    },
  },
} as const
