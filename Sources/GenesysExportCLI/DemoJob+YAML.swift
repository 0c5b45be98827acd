extension DemoJob {
    /// The bundled demo job: `jobs/demo.yaml`, embedded so `demo` works from any folder (a test keeps the two equal).
    static let yaml = #"""
# yaml-language-server: $schema=../schemas/job.schema.json
#
# The demo job run by `genesys-export demo` against the embedded simulator. The interval covers the
# simulator's default org (the 30 days before 2026-11-01), and every fetch option is on.
name: demo
description: Everything from the simulator's default org.
source:
  interval: "2026-10-02T00:00:00Z/2026-11-01T00:00:00Z"
fetch:
  messageDetails: true
  wrapups: true
  media: download
  cachedMedia: true
  concurrency: 8
  # The embedded simulator is local: a high budget keeps the demo to about a minute. Against a
  # real org keep this at or below the OAuth client's limit (300 by default).
  requestsPerMinute: 60000
  analytics: auto
  pageSize: 100
output:
  sqlite: out/demo.sqlite
  ndjson: out/demo-ndjson
  gzipLevel: 6
redact:
  text: keep
  addresses: keep

"""#
}
