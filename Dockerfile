# syntax=docker/dockerfile:1
# Multi-stage build of the `notes` command. Not built in our CI (no Docker engine there); see README.

# --- web stage: the page (module web) built by Node, since the Maven image has no Node.js ---------
FROM node:20-bookworm-slim AS web
WORKDIR /web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web/index.html web/tsconfig.json web/vite.config.ts ./
COPY web/src src
RUN npm run build

# --- build stage: Maven + JDK 17 -------------------------------------------------------------
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# dependencies first, so that source edits do not re-download them
COPY pom.xml ./
COPY schemas/pom.xml schemas/
COPY embedded/pom.xml embedded/
COPY testkit/pom.xml testkit/
COPY registry/pom.xml registry/
COPY producer/pom.xml producer/
COPY streams/pom.xml streams/
COPY consumer/pom.xml consumer/
COPY web/pom.xml web/
COPY app/pom.xml app/
COPY bench/pom.xml bench/
RUN mvn -B -q -pl app -am dependency:go-offline -DskipTests || true
COPY . .
# the page comes from the web stage; -Dweb.skip keeps Maven from calling npm
COPY --from=web /web/target/classes/notes-web web/target/classes/notes-web
RUN mvn -B -q -pl app -am package -DskipTests -Dweb.skip

# --- runtime stage: slim JRE 17, non-root -----------------------------------------------------
FROM eclipse-temurin:17-jre
RUN groupadd --system notes && useradd --system --gid notes --home-dir /var/lib/notes notes \
    && mkdir -p /var/lib/notes && chown notes:notes /var/lib/notes \
    && apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/app/target/notes.jar /opt/notes/notes.jar
USER notes
WORKDIR /var/lib/notes
ENV NOTES_DATA_DIR=/var/lib/notes \
    NOTES_HTTP_HOST=0.0.0.0 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -Duser.timezone=UTC"
EXPOSE 8080 8081
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=5 \
    CMD curl -fsS "http://127.0.0.1:${NOTES_HTTP_PORT:-8080}/health" || exit 1
ENTRYPOINT ["java", "-jar", "/opt/notes/notes.jar"]
CMD ["up"]
