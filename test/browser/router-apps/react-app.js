// A small shop on React Router 7, as a new user writes one: tracklet initialised first in the
// entry file, titles set in an effect after render, a redirect made by <Navigate replace> on
// mount. The app lives under `window.APP_BASE`; `window.APP_MODE` picks <BrowserRouter> ('declarative') or createBrowserRouter ('data').
import tracklet from 'tracklet';
import { createElement as h, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import {
  BrowserRouter, Link, Navigate, Outlet, Route, RouterProvider, Routes, createBrowserRouter, redirect, useLocation, useNavigate,
} from 'react-router';

window.__log?.('tracklet.init');
tracklet.init(window.TRACKLET_OPTIONS);
window.tracklet = tracklet;

const useTitle = (title) => useEffect(() => {
  document.title = title;
}, [title]);
const page = (title) => function Page() {
  useTitle(title + ' · Shop');
  return h('h1', null, title);
};
const Home = page('Home');
const Products = page('Products');
const Account = page('Account');
function Search() {
  const { search } = useLocation();
  useTitle('Search · Shop');
  return h('h1', null, 'Search ' + search);
}
// Not logged in: the account page sends the user on. A declarative <Navigate replace>, and in
// the data router the same redirect made with navigate() in an effect.
const Login = () => h(Navigate, { to: '/account', replace: true });
function Welcome() {
  const navigate = useNavigate();
  useEffect(() => void navigate('/account', { replace: true }), [navigate]);
  return null;
}
function Layout() {
  const navigate = useNavigate();
  window.appNavigate = (to, options) => navigate(to, options);
  return h('div', null,
    h('nav', null,
      h(Link, { to: '/', id: 'to-home' }, 'Home'), ' ',
      h(Link, { to: '/products', id: 'to-products' }, 'Products'), ' ',
      h(Link, { to: '/login', id: 'to-login' }, 'Log in'), ' ',
      h(Link, { to: '/search?q=shoes', id: 'to-search' }, 'Search')),
    h('main', null, h(Outlet)));
}
const routes = [
  { path: '/', element: h(Home) },
  { path: '/products', element: h(Products) },
  { path: '/login', element: h(Login) },
  { path: '/welcome', element: h(Welcome) },
  { path: '/account', element: h(Account) },
  { path: '/search', element: h(Search) },
  // A loader redirect: the data router resolves it before it touches the URL.
  { path: '/old-products', loader: () => redirect('/products') },
];

const root = createRoot(document.getElementById('root'));
if (window.APP_MODE === 'data') {
  root.render(h(RouterProvider, { router: createBrowserRouter([{ element: h(Layout), children: routes }], { basename: window.APP_BASE }) }));
} else {
  root.render(h(BrowserRouter, { basename: window.APP_BASE }, h(Routes, null,
    h(Route, { element: h(Layout) }, routes.filter((r) => r.element).map((r) => h(Route, { key: r.path, path: r.path, element: r.element }))))));
}
