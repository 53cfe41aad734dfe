# 人才一站式网上办事大厅 — production image.
# Build:  docker build -t talent-hall .
# Run with MariaDB:
#   docker run -p 3000:3000 -e NODE_ENV=production -e APP_KEY="$(openssl rand -base64 32)" \
#     -e DATABASE_URL=mysql://hall:secret@db:3306/hall -e SMTP_URL=smtp://mail:25 talent-hall
# Keep APP_KEY in a secret store: losing it makes encrypted identity data unreadable.

# --- build stage: compile native modules (better-sqlite3) with the toolchain
FROM node:20-bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
# the server compiled as `npm start` compiles it (scripts/build.ts; decision 0297): node runs it without tsx
COPY scripts ./scripts
COPY src ./src
COPY views ./views
COPY static ./static
COPY migrations ./migrations
RUN node --import tsx scripts/build.ts

# --- runtime stage: no compiler, non-root user
FROM node:20-bookworm-slim
ENV NODE_ENV=production PORT=3000 DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json tsconfig.json ./
COPY src ./src
COPY views ./views
COPY static ./static
COPY migrations ./migrations
# src/ and the rest stay for `npm run admin` (the operator CLI runs the source with tsx)
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
# the V8 old-generation bound of `npm start` (decision 0300); PORTAL_HEAP_MB changes it
CMD ["sh", "-c", "exec node --max-old-space-size=${PORTAL_HEAP_MB:-256} dist/src/server.js"]
