"""Pages in Redis, for every host: the pages, and the version in one hash beside them.

Serving a page takes one round trip: a script reads the version, the page,
and the last retirement of each of the page's tags (the first line of the
stored page names them, see ``Entry.dumps``). A retirement is one script
too, so two workers retiring at once both count. The hash never expires
(Redis's volatile-lru evicts only keys that do); should allkeys-lru evict it
all the same, the next request starts a new version and no old page matches.
It holds a field for each article and category ever retired: a few bytes
each. Every page expires after PAGE_CACHE_TIMEOUT.
"""

from __future__ import annotations

from collections.abc import Iterable

from .entries import Entry
from .versions import Clock, Version

FIELDS = ("~token", "~changed", "~next", "~checked", "~seq", "~floor")

FETCH = """
local state = redis.call('HMGET', KEYS[1], '~token', '~changed', '~next', '~checked', '~seq', '~floor')
if not state[1] then return {state, false, 0} end
local page = redis.call('GET', KEYS[2])
local newest = 0
if page then
  local eol = string.find(page, '\\n', 1, true)
  if not eol then return {state, false, 0} end
  local tags = {}
  for tag in string.gmatch(string.sub(page, 1, eol - 1), '%S+') do tags[#tags + 1] = tag end
  table.remove(tags, 1)
  if #tags > 0 then
    for _, seq in ipairs(redis.call('HMGET', KEYS[1], unpack(tags))) do
      if seq then newest = math.max(newest, tonumber(seq)) end
    end
  end
end
return {state, page, newest}
"""

# ARGV: now; what is known of the clock ("" nothing, "checked" the next
# change as the clock check worked it out, "sooner" a moment that replaces a
# later one); that moment; then the tags.
RETIRE = """
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local seq = redis.call('HINCRBY', KEYS[1], '~seq', 1)
redis.call('HSET', KEYS[1], '~changed', ARGV[1])
if ARGV[2] == 'checked' then
  redis.call('HSET', KEYS[1], '~next', ARGV[3], '~checked', ARGV[1])
elseif ARGV[2] == 'sooner' then
  local kept = tonumber(redis.call('HGET', KEYS[1], '~next') or '0')
  if kept == 0 or tonumber(ARGV[3]) < kept then redis.call('HSET', KEYS[1], '~next', ARGV[3]) end
end
for i = 4, #ARGV do redis.call('HSET', KEYS[1], ARGV[i], seq) end
return seq
"""


def _version(state: list) -> Version | None:
    try:
        token, changed, next_change, checked, seq, floor = (value.decode() for value in state)
        return Version(token, float(changed), float(next_change) or None, float(checked), int(seq), int(floor))
    except (AttributeError, ValueError):  # A field missing (None) or not ours.
        return None


class RedisPages:
    def __init__(self, url: str, prefix: str, timeout: int):
        import redis  # Only sites with REDIS_URL need the package (the "redis" extra).

        # If Redis stops answering, render pages rather than wait.
        self.client = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self.prefix, self.timeout = prefix, timeout
        self.state_key = f"{prefix}content-state"
        self._fetch, self._retire = self.client.register_script(FETCH), self.client.register_script(RETIRE)

    def fetch(self, key: str) -> tuple[Version | None, Entry | None]:
        state, raw, newest = self._fetch(keys=[self.state_key, self.prefix + key])
        version, entry = _version(state), Entry.loads(raw)
        if entry is None or version is None or not version.admits(entry, newest):
            return version, None
        return version, entry

    def keep(self, key: str, entry: Entry) -> bool:
        # Every page expires: Redis's volatile-lru evicts only keys that do.
        return bool(self.client.set(self.prefix + key, entry.dumps(), ex=self.timeout))

    def replace(self, version: Version) -> None:
        values = (version.token, repr(version.changed_at), repr(version.next_change or 0),
                  repr(version.checked_at), version.seq, version.floor)
        with self.client.pipeline(transaction=True) as pipe:
            pipe.delete(self.state_key)
            pipe.hset(self.state_key, mapping=dict(zip(FIELDS, values)))
            pipe.execute()

    def retire(self, tags: Iterable[str], now: float, clock: Clock | None = None) -> None:
        if clock is None or (clock.next_change is None and not clock.checked):
            learned, moment = "", "0"
        else:
            learned, moment = "checked" if clock.checked else "sooner", repr(clock.next_change or 0)
        self._retire(keys=[self.state_key], args=[repr(now), learned, moment, *tags])
