# syntax=docker/dockerfile:1
# The image of each service, built from source: no jar needs to exist on the host. docker-compose.yml builds the three
# from this one file, each with its SERVICE and PORT; by hand:
#
#   docker build --build-arg SERVICE=ingest-service --build-arg PORT=8081 -t threadline/ingest-service:0.1.0 .
#
# One Dockerfile for the three, not one per module: their images differ only in which module's jar they carry, and the
# build stage below does not depend on SERVICE, so BuildKit runs that Maven build once and serves the other two images
# from its cache.

FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
# The whole repository (.dockerignore leaves out build output, local data, .git and the documents): Maven reads every
# module's pom.xml even when it builds a few of them.
COPY . .
# The Maven Wrapper fetches Maven 3.9, Maven the dependencies; both land in a cache that outlives the build, so a
# rebuild after a source change downloads nothing. Tests are not run here: ./mvnw verify is where they run.
RUN --mount=type=cache,target=/root/.m2,sharing=locked \
    ./mvnw -B -ntp -pl ingest-service,thread-service,stats-streams -am -DskipTests package

FROM eclipse-temurin:25-jre
ARG SERVICE
ARG PORT
RUN test -n "${SERVICE}" -a -n "${PORT}" \
    || { echo 'build with --build-arg SERVICE=<module> --build-arg PORT=<HTTP port>'; exit 1; }
# A fixed uid/gid, so that Kubernetes' runAsUser and fsGroup (deploy/k8s) name this user. /var/lib/threadline is where
# stats-streams keeps its Kafka Streams state: a volume mounted there is writable by the user.
RUN groupadd --system --gid 10001 threadline \
 && useradd --system --uid 10001 --gid threadline --home-dir /app --no-create-home threadline \
 && mkdir -p /var/lib/threadline \
 && chown threadline:threadline /var/lib/threadline

WORKDIR /app
LABEL org.opencontainers.image.title="threadline ${SERVICE}"
# Dependencies change less often than the service itself: their layer comes first. The jar's manifest names them as
# lib/*.jar, relative to where it lies.
COPY --from=build /src/${SERVICE}/target/lib/ /app/lib/
COPY --from=build /src/${SERVICE}/target/${SERVICE}.jar /app/service.jar

USER threadline
EXPOSE ${PORT}
ENTRYPOINT ["java", "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-XX:MaxRAMPercentage=75", "-jar", "/app/service.jar"]
