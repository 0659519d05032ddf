"""Top frames of a JFR recording's execution samples, from `jfr print --events jdk.ExecutionSample` on stdin.

Usage: jfr print --events jdk.ExecutionSample --stack-depth 64 REC.jfr | python3 jfr-top.py SELF INCLUSIVE [REGEX]
Prints the SELF most frequent top frames, then the INCLUSIVE most frequent frames anywhere in a stack (only those
matching REGEX when given), each as a share of all samples.
"""
import collections
import re
import sys

top_self, top_inclusive = int(sys.argv[1]), int(sys.argv[2])
only = re.compile(sys.argv[3]) if len(sys.argv) > 3 else None
samples = [re.findall(r"^\s+([\w$.<>/]+)\(", s, re.M) for s in sys.stdin.read().split("jdk.ExecutionSample")]
samples = [s for s in samples if s]
if not samples:
    print("  no samples")
    sys.exit(0)
own, anywhere = collections.Counter(s[0] for s in samples), collections.Counter()
for s in samples:
    anywhere.update(set(s))
print(f"  {len(samples)} samples; self:")
for frame, n in own.most_common(top_self):
    print(f"  {100 * n / len(samples):5.1f}% {frame}")
print("  inclusive" + (f" (frames matching {only.pattern}):" if only else ":"))
shown = [(f, n) for f, n in anywhere.most_common() if only is None or only.search(f)]
for frame, n in shown[:top_inclusive]:
    print(f"  {100 * n / len(samples):5.1f}% {frame}")
