"""Where a request's time goes, by owner, from `jfr print --events jdk.ExecutionSample --stack-depth 96` on stdin.

Usage: jfr print --events jdk.ExecutionSample --stack-depth 96 REC.jfr | python3 jfr-owners.py
Each sample goes to one owner: Quarkus REST's URI-template lookup or the CDI security interceptors when they are
anywhere in its stack (their own callees belong to other owners), otherwise the nearest frame of a known owner (Vert.x
routing, our code, Micrometer, security, Quarkus REST, Netty ...). Shares are of the busy samples (idle worker threads
parked in the pool are left out). See src/bench/README.md (me-throughput.sh).
"""
import collections, re, sys
OWNERS = [
    ("template lookup (setTemplatePath)", r"ObservabilityIntegrationRecorder\.setTemplatePath"),
    ("HTTP permission check (HttpAuthorizer)", r"HttpAuthorizer\.|AbstractHttpAuthorizer\.|HttpSecurityRecorder\$1\.handle"),
    ("Vert.x routing: pathMatches", r"RouteState\.pathMatches"),
    ("Vert.x routing: other", r"io\.vertx\.ext\.web\.impl\.|io\.vertx\.ext\.web\.Route"),
    ("our code", r"org\.errandless\."),
    ("micrometer", r"micrometer"),
    ("context propagation", r"smallrye\.context"),
    ("CDI interceptors (security)", r"SecurityCheckInterceptor|SecurityHandler\.|RolesAllowedInterceptor|PermitAllInterceptor|InterceptedMethodMetadata|AroundInvokeInvocationContext"),
    ("security/JWT", r"io\.quarkus\.security|smallrye\.jwt|quarkus\.smallrye\.jwt|HttpSecurityRecorder|HttpAuthenticator|EagerSecurity|SecurityIdentity|vertx\.http\.runtime\.security"),
    ("ArC", r"io\.quarkus\.arc"),
    ("Mutiny", r"io\.smallrye\.mutiny"),
    ("Quarkus REST", r"resteasy\.reactive|jboss\.resteasy"),
    ("Quarkus HTTP (CORS, limits, shutdown filter)", r"io\.quarkus\.vertx\.http"),
    ("Jackson", r"jackson"),
    ("idle worker (park)", r"LockSupport\.park|EnhancedQueueExecutor\$PoolThreadNode\.park"),
    ("Vert.x core / HTTP codec", r"io\.vertx\.core"),
    ("Netty", r"io\.netty"),
]
comp = [(n, re.compile(p)) for n, p in OWNERS]
text = sys.stdin.read()
samples = [re.findall(r"^\s+([\w$.<>/]+)\(", s, re.M) for s in text.split("jdk.ExecutionSample")]
samples = [s for s in samples if s]
c = collections.Counter()
for s in samples:
    owner = "other (JDK etc.)"
    if any("setTemplatePath" in f for f in s):
        c["template lookup (setTemplatePath)"] += 1
        continue
    if any(re.search(r"SecurityCheckInterceptor|security\.runtime\.interceptor", f) for f in s):
        c["CDI security interceptors"] += 1
        continue
    for frame in s:
        hit = next((n for n, p in comp if p.search(frame)), None)
        if hit:
            owner = hit
            break
    c[owner] += 1
busy = len(samples) - c["idle worker (park)"]
print(f"  {len(samples)} samples, {busy} busy (shares of busy samples):")
for n, k in c.most_common():
    if n == "idle worker (park)":
        continue
    print(f"  {100 * k / busy:5.1f}% {n}")
