"""Where a start's main thread goes, from `jfr print --events jdk.ExecutionSample --stack-depth 256` on stdin.

Usage: jfr print --events jdk.ExecutionSample --stack-depth 256 REC.jfr | python3 jfr-start.py [MAIN_CPU_MS] [DETAIL]
Only samples of the thread named "main" count. Each sample goes to one owner: the frame nearest the thread's root
that belongs to a known subsystem (so the classes a subsystem loads and the JDK code it calls are its own), else
"other". Also by Quarkus start-up step (the recorded step the sample is in). With MAIN_CPU_MS (the main thread's CPU
time at ready, from /proc/<pid>/task), shares are turned into milliseconds. DETAIL (an owner's name) adds that owner's
most frequent frames (inclusive, its own packages only). See src/bench/README.md (startup.sh --profile).
"""
import collections, re, sys

OWNERS = [
    ("SmallRye Config", r"^io\.smallrye\.config\.|^io\.quarkus\.runtime\.generated\.(Config|RunTimeConfig|StaticInitConfig|SharedConfig|BuildTimeRunTimeFixed)|^io\.quarkus\.runtime\.configuration\.|\$\$CMImpl\.|^io\.quarkus\.arc\.runtime\.ConfigMappingCreator|^io\.quarkus\.runtime\.ConfigConfig"),
    ("Hibernate Validator", r"^org\.hibernate\.validator\.|^io\.quarkus\.hibernate\.validator\."),
    ("Hibernate ORM", r"^org\.hibernate\.|^io\.quarkus\.hibernate\.orm\.|^io\.quarkus\.hibernate\."),
    ("Flyway", r"^org\.flywaydb\.|^io\.quarkus\.flyway\."),
    ("Micrometer", r"micrometer"),
    ("OpenAPI", r"openapi|swaggerui"),
    ("our code", r"^org\.errandless\."),
    ("Agroal / JDBC", r"^io\.agroal\.|^org\.postgresql\.|^io\.quarkus\.agroal\."),
    ("Narayana (JTA)", r"arjuna|narayana"),
    ("scheduler", r"^io\.quarkus\.scheduler\.|^com\.cronutils\."),
    ("fault tolerance", r"faulttolerance"),
    ("JWT / security", r"smallrye\.jwt|^io\.quarkus\.security|^io\.quarkus\.elytron|jose4j"),
    ("logging", r"^org\.jboss\.logmanager\.|^io\.quarkus\.runtime\.logging\.|^io\.quarkus\.logging\.|^org\.jboss\.logging\."),
    ("Jackson", r"jackson"),
    ("REST", r"resteasy|^io\.quarkus\.rest\."),
    ("Vert.x / Netty / HTTP", r"^io\.vertx\.|^io\.netty\.|^io\.quarkus\.vertx\."),
    ("health", r"health"),
    ("ArC (CDI)", r"^io\.quarkus\.arc\."),
]
COMPILED = [(n, re.compile(p)) for n, p in OWNERS]
# ArC owns a sample only when no other owner is below it in the stack
WEAK = "ArC (CDI)"
# frames every start passes through on its way to Quarkus' start-up (our @QuarkusMain): no owner
NEUTRAL = re.compile(r"^org\.errandless\.registry\.imports\.RegisterImportCommand\.main$")
STEP = re.compile(r"^io\.quarkus\.(?:runner\.recorded|deployment\.steps)\.([\w$]+?)\d*\.deploy")

main_cpu = float(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1] not in ("", "-") else None
detail = sys.argv[2] if len(sys.argv) > 2 else None
text = sys.stdin.read()
samples = []
for s in text.split("jdk.ExecutionSample")[1:]:
    if not re.search(r'sampledThread = "main"', s):
        continue
    frames = re.findall(r"^\s+([\w$.<>/]+)\(", s, re.M)
    if frames:
        samples.append(frames)  # leaf first
if not samples:
    print("  no samples of the main thread")
    sys.exit(0)
truncated = sum(1 for s in samples if len(s) >= 256)

owners, steps = collections.Counter(), collections.Counter()
by_owner = collections.defaultdict(list)
for s in samples:
    root_first = list(reversed(s))
    owner = "other (JDK, class loading outside a subsystem)"
    for frame in root_first:
        if NEUTRAL.search(frame):
            continue
        hit = next((n for n, p in COMPILED if p.search(frame)), None)
        if hit == WEAK and owner != WEAK:
            owner = hit  # the container calls others' code (bean container listeners, observers): theirs if any
        elif hit and hit != WEAK:
            owner = hit
            break
    owners[owner] += 1
    by_owner[owner].append(s)
    step = next((m.group(1) for m in (STEP.search(f) for f in s) if m), None)
    if step is None:
        step = "ApplicationImpl static init (outside a step)" if any("ApplicationImpl.<clinit>" in f for f in s) \
            else ("ApplicationImpl.doStart (outside a step)" if any("ApplicationImpl.doStart" in f for f in s)
                  else "outside the application's start")
    steps[step] += 1

n = len(samples)
def row(k):
    ms = f"{main_cpu * k / n:7.0f} ms" if main_cpu else ""
    return f"  {100 * k / n:5.1f}% {k:5d} {ms}"
print(f"  main thread: {n} samples" + (f", {main_cpu:.0f} ms of CPU at ready" if main_cpu else "")
      + (f" ({truncated} stacks truncated)" if truncated else ""))
print("  by owner (nearest the thread's root):")
for name, k in owners.most_common():
    print(f"{row(k)}  {name}")
print("  by start-up step:")
for name, k in steps.most_common(14):
    print(f"{row(k)}  {name}")
if detail:
    sel = by_owner.get(detail, [])
    pattern = next((p for nm, p in COMPILED if nm == detail), None)
    print(f"  {detail}: {len(sel)} samples; frames (inclusive, share of its samples):")
    counts = collections.Counter()
    for s in sel:
        counts.update(set(f for f in s if pattern is None or pattern.search(f)))
    for frame, k in counts.most_common(40):
        print(f"  {100 * k / max(len(sel), 1):5.1f}% {frame}")
    leaf = collections.Counter(s[0] for s in sel)
    print(f"  {detail}: top leaf frames:")
    for frame, k in leaf.most_common(15):
        print(f"  {100 * k / max(len(sel), 1):5.1f}% {frame}")
