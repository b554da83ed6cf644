# syntax=docker/dockerfile:1
#
# Production image of the booking platform: the NestJS API serving the built Angular admin.
#   docker build -t booking-platform .
#   docker run -p 3000:3000 -e DATABASE_URL=postgres://… -e JWT_SECRET=<32+ chars> booking-platform
# Migrations run when the app starts. See docker-compose.yml for PostgreSQL + the app together.

ARG NODE_IMAGE=node:24-bookworm-slim

# ---- build: all dependencies, compile the API and the admin ----------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV CI=true NG_CLI_ANALYTICS=false
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.base.json angular.json nest-cli.json ./
COPY libs ./libs
COPY apps ./apps
RUN npm run build

# ---- production dependencies only -------------------------------------------------------------
# (the `node` devDependency is dev-only: the runtime uses this image's own Node 24)
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force

# ---- runtime --------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/app/data
COPY --from=deps --chown=root:root /app/node_modules ./node_modules
COPY --chown=root:root package.json ./
COPY --from=build --chown=root:root /app/dist ./dist
# Only the embedded (no DATABASE_URL) mode writes to disk, and only under DATA_DIR.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
VOLUME ["/app/data"]
HEALTHCHECK --interval=15s --timeout=5s --start-period=40s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/api/apps/api/src/main.js"]
