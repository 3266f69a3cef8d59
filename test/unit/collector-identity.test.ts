import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { postEvents, request, startTestCollector } from './helpers/collector-server';
import { fakeBrowser } from './helpers/fake-browser';

let collector: Awaited<ReturnType<typeof startTestCollector>>;
before(async () => {
  collector = await startTestCollector();
});
after(() => collector.stop());

/** Sends events one request each, in order, and asserts each was stored. */
async function send(...events: Record<string, unknown>[]) {
  for (const event of events) {
    const answer = await postEvents(collector, [event]);
    assert.equal(answer.body.stored, 1, JSON.stringify(answer.body));
  }
  return events;
}
const userOf = (event: Record<string, unknown>) => collector.db.prepare('SELECT user_id FROM events WHERE track_id = ? AND distinct_id = ?').pluck().get(event._track_id, event.distinct_id) as number;
const holder = (key: string, value: string) => collector.db.prepare('SELECT user_id FROM identity_links WHERE key = ? AND value = ?').pluck().get(key, value) as number | undefined;
const userApi = async (id: number) => (await request(collector.url + '/api/users/' + id)).body as { id: number; mergedFrom?: number; profile: object; identities: { key: string; value: string; linked_by: string }[] };

test('seed 001: identify, login, bind, unbind and logout stay one person; resetAnonymousIdentity starts another', async () => {
  const b = fakeBrowser('18e84a8be997ff-00eab826c4cb1d48');
  const [first] = await send(b.track());
  const user = userOf(first!);
  b.identify('id_xx1');
  const [renamed] = await send(b.track());
  assert.equal(userOf(renamed!), user, 'identify keeps the cookie ID, so the same user');
  assert.equal(holder('$identity_anonymous_id', 'id_xx1'), user, 'the new anonymous ID is linked');
  const [signup, click] = await send(b.login('login_user_xx'), b.track('buttonClick'));
  assert.equal(userOf(signup!), user);
  assert.equal(userOf(click!), user);
  assert.equal(holder('$identity_login_id', 'login_user_xx'), user);
  const [bound] = await send(b.bind('$identity_mobile', '187****8991'));
  assert.equal(userOf(bound!), user);
  assert.equal(holder('$identity_mobile', '187****8991'), user);
  const [unbound] = await send(b.unbind('$identity_mobile', '187****8991'));
  assert.equal(userOf(unbound!), user, 'the unbind event belongs to its distinct_id\'s user');
  assert.equal(holder('$identity_mobile', '187****8991'), undefined, 'the link is gone');
  b.logout();
  const [afterLogout] = await send(b.track());
  assert.equal(userOf(afterLogout!), user, 'after logout the anonymous ID still names the same person');
  b.resetAnonymousIdentity('your_new_anonymous_id');
  const [fresh] = await send(b.track());
  assert.notEqual(userOf(fresh!), user, 'a reset anonymous identity is a new person');
  const [secondLogin] = await send(b.login('login_user_B'));
  assert.equal(userOf(secondLogin!), userOf(fresh!), 'the new anonymous user becomes login_user_B');
  const detail = await userApi(user);
  assert.deepEqual(detail.identities.map((link) => link.key + '=' + link.value).sort(), [
    '$identity_anonymous_id=18e84a8be997ff-00eab826c4cb1d48',
    '$identity_anonymous_id=id_xx1',
    '$identity_cookie_id=18e84a8be997ff-00eab826c4cb1d48',
    '$identity_login_id=login_user_xx',
  ]);
  assert.equal(detail.identities.find((link) => link.key === '$identity_login_id')?.linked_by, '$SignUp');
});

test('logging in on a second device joins that device\'s anonymous history to the account', async () => {
  const phone = fakeBrowser('phone-cookie');
  const [phoneView] = await send(phone.track(), phone.track('browse'), phone.profile('profile_set', { device: 'phone', plan: 'free' }));
  const phoneUser = userOf(phoneView!);
  const laptop = fakeBrowser('laptop-cookie');
  const [laptopSignup] = await send(laptop.login('ada'), laptop.profile('profile_set', { plan: 'pro' }));
  const account = userOf(laptopSignup!);
  assert.notEqual(phoneUser, account);
  await send(phone.login('ada'));
  assert.equal(userOf(phoneView!), account, 'the phone\'s earlier events now belong to the account');
  assert.equal(holder('$identity_cookie_id', 'phone-cookie'), account);
  const merged = await userApi(phoneUser);
  assert.equal(merged.id, account, 'the absorbed user resolves to the account');
  assert.equal(merged.mergedFrom, phoneUser);
  assert.deepEqual(merged.profile, { device: 'phone', plan: 'pro' }, 'the account\'s values win, the phone\'s other keys stay');
});

test('an anonymous ID already tied to one login does not join a second login', async () => {
  const b = fakeBrowser('shared-pc');
  const [alice] = await send(b.login('alice'));
  b.logout();
  const [bob, bobClick] = await send(b.login('bob'), b.track('click'));
  assert.notEqual(userOf(bob!), userOf(alice!), 'bob is a new person');
  assert.equal(userOf(bobClick!), userOf(bob!), 'events carrying bob\'s login are bob\'s');
  assert.equal(holder('$identity_cookie_id', 'shared-pc'), userOf(alice!), 'the browser stays with its first login');
  assert.equal(holder('$identity_login_id', 'bob'), userOf(bob!));
});

test('a login ID in a plain event links it when the $SignUp was lost', async () => {
  const b = fakeBrowser('lost-signup');
  const [view] = await send(b.track());
  b.login('carol'); // the $SignUp never arrives
  const [click] = await send(b.track('click'));
  assert.equal(userOf(click!), userOf(view!));
  assert.equal(holder('$identity_login_id', 'carol'), userOf(view!));
});

test('$BindID joins an anonymous user holding the bound ID; plain events never merge', async () => {
  const first = fakeBrowser('device-1');
  const [bound] = await send(first.bind('$identity_email', 'e@example.com'));
  const owner = userOf(bound!);
  const second = fakeBrowser('device-2');
  const [view] = await send(second.track());
  const other = userOf(view!);
  second.state.bindings.$identity_email = 'e@example.com'; // knows the email without a $BindID
  const [plain] = await send(second.track('click'));
  assert.equal(userOf(plain!), owner, 'attributed by the business ID, which outranks anonymous IDs');
  assert.equal(holder('$identity_cookie_id', 'device-2'), other, 'a plain event merged nobody');
  await send(second.bind('$identity_email', 'e@example.com'));
  assert.equal(holder('$identity_cookie_id', 'device-2'), owner, 'the $BindID joined the two');
  assert.equal(userOf(view!), owner);
});

test('a business ID held by a logged-in user stays with that user', async () => {
  const a = fakeBrowser('conflict-a');
  const b = fakeBrowser('conflict-b');
  await send(a.login('dave'), a.bind('$identity_email', 'shared@example.com'));
  const [bobBind] = await send(b.login('erin'), b.bind('$identity_email', 'shared@example.com'));
  assert.equal(userOf(bobBind!), holder('$identity_login_id', 'erin'), 'the event is erin\'s');
  assert.equal(holder('$identity_email', 'shared@example.com'), holder('$identity_login_id', 'dave'), 'the email stays dave\'s');
  assert.notEqual(holder('$identity_login_id', 'dave'), holder('$identity_login_id', 'erin'));
});

test('$UnbindID removes only a link its own user holds', async () => {
  const owner = fakeBrowser('unbind-owner');
  const stranger = fakeBrowser('unbind-stranger');
  await send(owner.login('frank'), owner.bind('$identity_mobile', '555'), stranger.login('gina'));
  await send(stranger.unbind('$identity_mobile', '555'));
  assert.equal(holder('$identity_mobile', '555'), holder('$identity_login_id', 'frank'), 'a stranger cannot unlink it');
  await send(owner.unbind('$identity_mobile', '555'));
  assert.equal(holder('$identity_mobile', '555'), undefined);
  await send(stranger.bind('$identity_mobile', '555'));
  assert.equal(holder('$identity_mobile', '555'), holder('$identity_login_id', 'gina'), 'once free it can be bound by someone else');
});

test('events without identities are filed under their distinct_id', async () => {
  const bare = { distinct_id: 'server-side-user', identities: {}, properties: {}, type: 'track', event: 'renewed', time: 1711621218552 };
  const [one, two] = await send({ ...bare, _track_id: 1 }, { ...bare, _track_id: 2 });
  assert.equal(userOf(one!), userOf(two!));
  assert.equal(holder('$identity_anonymous_id', 'server-side-user'), userOf(one!));
});

test('a $SignUp whose identities lack the anonymous ID still links its original_id (senders other than tracklet)', async () => {
  // An older Sensors-style client: only distinct_id, and a $SignUp naming the anonymous ID in original_id alone.
  const bare = { identities: {}, properties: {}, time: 1711621218552 };
  const [view] = await send({ ...bare, distinct_id: 'other-sdk-anon', type: 'track', event: '$pageview', _track_id: 3 });
  const [signup] = await send({
    ...bare, distinct_id: 'other-sdk-user', login_id: 'other-sdk-user', original_id: 'other-sdk-anon',
    identities: { $identity_login_id: 'other-sdk-user' }, type: 'track_signup', event: '$SignUp', _track_id: 4,
  });
  assert.equal(userOf(signup!), userOf(view!), 'the login joins the anonymous history');
  assert.equal(holder('$identity_login_id', 'other-sdk-user'), userOf(view!));
  assert.equal(holder('$identity_anonymous_id', 'other-sdk-anon'), userOf(view!));
});
