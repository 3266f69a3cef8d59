import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { postEvents, request, sqlValue, startTestCollector } from './helpers/collector-server';
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
const userOf = async (event: Record<string, unknown>) => (await sqlValue<number>(collector, 'SELECT user_id FROM events WHERE track_id = ? AND distinct_id = ?', event._track_id, event.distinct_id))!;
const holder = (key: string, value: string) => sqlValue<number>(collector, 'SELECT user_id FROM identity_links WHERE key = ? AND value = ?', key, value);
const userApi = async (id: number) => (await request(collector.url + '/api/users/' + id)).body as { id: number; mergedFrom?: number; profile: object; identities: { key: string; value: string; linked_by: string }[] };

test('seed 001: identify, login, bind, unbind and logout stay one person; resetAnonymousIdentity starts another', async () => {
  const b = fakeBrowser('18e84a8be997ff-00eab826c4cb1d48');
  const [first] = await send(b.track());
  const user = await userOf(first!);
  b.identify('id_xx1');
  const [renamed] = await send(b.track());
  assert.equal(await userOf(renamed!), user, 'identify keeps the cookie ID, so the same user');
  assert.equal(await holder('$identity_anonymous_id', 'id_xx1'), user, 'the new anonymous ID is linked');
  const [signup, click] = await send(b.login('login_user_xx'), b.track('buttonClick'));
  assert.equal(await userOf(signup!), user);
  assert.equal(await userOf(click!), user);
  assert.equal(await holder('$identity_login_id', 'login_user_xx'), user);
  const [bound] = await send(b.bind('$identity_mobile', '187****8991'));
  assert.equal(await userOf(bound!), user);
  assert.equal(await holder('$identity_mobile', '187****8991'), user);
  const [unbound] = await send(b.unbind('$identity_mobile', '187****8991'));
  assert.equal(await userOf(unbound!), user, 'the unbind event belongs to its distinct_id\'s user');
  assert.equal(await holder('$identity_mobile', '187****8991'), undefined, 'the link is gone');
  b.logout();
  const [afterLogout] = await send(b.track());
  assert.equal(await userOf(afterLogout!), user, 'after logout the anonymous ID still names the same person');
  b.resetAnonymousIdentity('your_new_anonymous_id');
  const [fresh] = await send(b.track());
  assert.notEqual(await userOf(fresh!), user, 'a reset anonymous identity is a new person');
  const [secondLogin] = await send(b.login('login_user_B'));
  assert.equal(await userOf(secondLogin!), await userOf(fresh!), 'the new anonymous user becomes login_user_B');
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
  const phoneUser = await userOf(phoneView!);
  const laptop = fakeBrowser('laptop-cookie');
  const [laptopSignup] = await send(laptop.login('ada'), laptop.profile('profile_set', { plan: 'pro' }));
  const account = await userOf(laptopSignup!);
  assert.notEqual(phoneUser, account);
  await send(phone.login('ada'));
  assert.equal(await userOf(phoneView!), account, 'the phone\'s earlier events now belong to the account');
  assert.equal(await holder('$identity_cookie_id', 'phone-cookie'), account);
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
  assert.notEqual(await userOf(bob!), await userOf(alice!), 'bob is a new person');
  assert.equal(await userOf(bobClick!), await userOf(bob!), 'events carrying bob\'s login are bob\'s');
  assert.equal(await holder('$identity_cookie_id', 'shared-pc'), await userOf(alice!), 'the browser stays with its first login');
  assert.equal(await holder('$identity_login_id', 'bob'), await userOf(bob!));
});

test('a login ID in a plain event links it when the $SignUp was lost', async () => {
  const b = fakeBrowser('lost-signup');
  const [view] = await send(b.track());
  b.login('carol'); // the $SignUp never arrives
  const [click] = await send(b.track('click'));
  assert.equal(await userOf(click!), await userOf(view!));
  assert.equal(await holder('$identity_login_id', 'carol'), await userOf(view!));
});

test('$BindID joins an anonymous user holding the bound ID; plain events never merge', async () => {
  const first = fakeBrowser('device-1');
  const [bound] = await send(first.bind('$identity_email', 'e@example.com'));
  const owner = await userOf(bound!);
  const second = fakeBrowser('device-2');
  const [view] = await send(second.track());
  const other = await userOf(view!);
  second.state.bindings.$identity_email = 'e@example.com'; // knows the email without a $BindID
  const [plain] = await send(second.track('click'));
  assert.equal(await userOf(plain!), owner, 'attributed by the business ID, which outranks anonymous IDs');
  assert.equal(await holder('$identity_cookie_id', 'device-2'), other, 'a plain event merged nobody');
  await send(second.bind('$identity_email', 'e@example.com'));
  assert.equal(await holder('$identity_cookie_id', 'device-2'), owner, 'the $BindID joined the two');
  assert.equal(await userOf(view!), owner);
});

test('a business ID held by a logged-in user stays with that user', async () => {
  const a = fakeBrowser('conflict-a');
  const b = fakeBrowser('conflict-b');
  await send(a.login('dave'), a.bind('$identity_email', 'shared@example.com'));
  const [bobBind] = await send(b.login('erin'), b.bind('$identity_email', 'shared@example.com'));
  assert.equal(await userOf(bobBind!), await holder('$identity_login_id', 'erin'), 'the event is erin\'s');
  assert.equal(await holder('$identity_email', 'shared@example.com'), await holder('$identity_login_id', 'dave'), 'the email stays dave\'s');
  assert.notEqual(await holder('$identity_login_id', 'dave'), await holder('$identity_login_id', 'erin'));
});

test('$UnbindID removes only a link its own user holds', async () => {
  const owner = fakeBrowser('unbind-owner');
  const stranger = fakeBrowser('unbind-stranger');
  await send(owner.login('frank'), owner.bind('$identity_mobile', '555'), stranger.login('gina'));
  await send(stranger.unbind('$identity_mobile', '555'));
  assert.equal(await holder('$identity_mobile', '555'), await holder('$identity_login_id', 'frank'), 'a stranger cannot unlink it');
  await send(owner.unbind('$identity_mobile', '555'));
  assert.equal(await holder('$identity_mobile', '555'), undefined);
  await send(stranger.bind('$identity_mobile', '555'));
  assert.equal(await holder('$identity_mobile', '555'), await holder('$identity_login_id', 'gina'), 'once free it can be bound by someone else');
});

test('events without identities are filed under their distinct_id', async () => {
  const bare = { distinct_id: 'server-side-user', identities: {}, properties: {}, type: 'track', event: 'renewed', time: 1711621218552 };
  const [one, two] = await send({ ...bare, _track_id: 1 }, { ...bare, _track_id: 2 });
  assert.equal(await userOf(one!), await userOf(two!));
  assert.equal(await holder('$identity_anonymous_id', 'server-side-user'), await userOf(one!));
});

test('a $SignUp whose identities lack the anonymous ID still links its original_id (senders other than tracklet)', async () => {
  // An older Sensors-style client: only distinct_id, and a $SignUp naming the anonymous ID in original_id alone.
  const bare = { identities: {}, properties: {}, time: 1711621218552 };
  const [view] = await send({ ...bare, distinct_id: 'other-sdk-anon', type: 'track', event: '$pageview', _track_id: 3 });
  const [signup] = await send({
    ...bare, distinct_id: 'other-sdk-user', login_id: 'other-sdk-user', original_id: 'other-sdk-anon',
    identities: { $identity_login_id: 'other-sdk-user' }, type: 'track_signup', event: '$SignUp', _track_id: 4,
  });
  assert.equal(await userOf(signup!), await userOf(view!), 'the login joins the anonymous history');
  assert.equal(await holder('$identity_login_id', 'other-sdk-user'), await userOf(view!));
  assert.equal(await holder('$identity_anonymous_id', 'other-sdk-anon'), await userOf(view!));
});
