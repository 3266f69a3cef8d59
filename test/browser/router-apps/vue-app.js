// The same small shop on Vue Router 4: titles set in `afterEach`, as its docs show; a redirect
// made by router.replace() when the login page mounts, and a `redirect:` route.
// The app lives under `window.APP_BASE`; `window.APP_MODE` picks createWebHistory ('history') or createWebHashHistory ('hash').
import tracklet from 'tracklet';
import { createApp, h, onMounted } from 'vue';
import { RouterLink, RouterView, createRouter, createWebHashHistory, createWebHistory, useRoute } from 'vue-router';

window.__log?.('tracklet.init');
tracklet.init(window.TRACKLET_OPTIONS);
window.tracklet = tracklet;

const page = (title) => ({ render: () => h('h1', null, title) });
const Search = { setup: () => { const route = useRoute(); return () => h('h1', null, 'Search ' + JSON.stringify(route.query)); } };
const Login = { setup: () => { onMounted(() => router.replace('/account')); return () => null; } };
const router = createRouter({
  history: window.APP_MODE === 'hash' ? createWebHashHistory(window.APP_BASE) : createWebHistory(window.APP_BASE),
  routes: [
    { path: '/', component: page('Home'), meta: { title: 'Home' } },
    { path: '/products', component: page('Products'), meta: { title: 'Products' } },
    { path: '/login', component: Login, meta: { title: 'Log in' } },
    { path: '/account', component: page('Account'), meta: { title: 'Account' } },
    { path: '/search', component: Search, meta: { title: 'Search' } },
    { path: '/old-products', redirect: '/products' },
  ],
});
router.afterEach((to) => {
  document.title = to.meta.title + ' · Shop';
});
window.appNavigate = (to, options) => (options?.replace ? router.replace(to) : router.push(to));

const link = (to, id, text) => h(RouterLink, { to, id }, () => text);
createApp({
  render: () => h('div', null, [
    h('nav', null, [link('/', 'to-home', 'Home'), link('/products', 'to-products', 'Products'), link('/login', 'to-login', 'Log in'), link('/search?q=shoes', 'to-search', 'Search')]),
    h('main', null, h(RouterView)),
  ]),
}).use(router).mount('#root');
