/** The web app's entry: Vant components (registered one by one, so only those used are bundled), the router. */
import {
  ActionSheet,
  Button,
  Calendar,
  Cell,
  CellGroup,
  Checkbox,
  CheckboxGroup,
  Dialog,
  Empty,
  Field,
  Icon,
  List,
  Loading,
  NavBar,
  NoticeBar,
  Popup,
  Radio,
  RadioGroup,
  Search,
  Switch,
  Tab,
  Tabbar,
  TabbarItem,
  Tabs,
  Tag,
  Toast,
} from 'vant';
import 'vant/lib/index.css';
import { createApp } from 'vue';
import App from './App.vue';
import { createAppRouter } from './router';
import './style.css';

const components = [
  ActionSheet,
  Button,
  Calendar,
  Cell,
  CellGroup,
  Checkbox,
  CheckboxGroup,
  Dialog,
  Empty,
  Field,
  Icon,
  List,
  Loading,
  NavBar,
  NoticeBar,
  Popup,
  Radio,
  RadioGroup,
  Search,
  Switch,
  Tab,
  Tabbar,
  TabbarItem,
  Tabs,
  Tag,
  Toast,
];

const app = createApp(App);
for (const c of components) app.use(c);
app.use(createAppRouter());
app.mount('#app');
