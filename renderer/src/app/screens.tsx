import { AttractScreen } from '../screens/AttractScreen.tsx';
import { GuideCategoriesScreen } from '../screens/GuideCategoriesScreen.tsx';
import { GuideListScreen } from '../screens/GuideListScreen.tsx';
import { GuideScreen } from '../screens/GuideScreen.tsx';
import { HomeScreen } from '../screens/HomeScreen.tsx';
import { HotlinesScreen } from '../screens/HotlinesScreen.tsx';
import { KeyboardScreen } from '../screens/KeyboardScreen.tsx';
import { NoticeScreen } from '../screens/NoticeScreen.tsx';
import { NoticesScreen } from '../screens/NoticesScreen.tsx';
import { SettingsScreen } from '../screens/SettingsScreen.tsx';
import type { Screen } from './navigation.ts';

/** The attract screen is not on the navigation stack: it stands in front of it between sessions. */
export function renderScreen(screen: Screen | { name: 'attract' }, onStart: () => void) {
  switch (screen.name) {
    case 'attract':
      return <AttractScreen onStart={onStart} />;
    case 'home':
      return <HomeScreen />;
    case 'guide-categories':
      return <GuideCategoriesScreen />;
    case 'guide-list':
      return <GuideListScreen key={screen.category} category={screen.category} />;
    case 'guide':
      return <GuideScreen key={screen.id} id={screen.id} />;
    case 'notices':
      return <NoticesScreen />;
    case 'notice':
      return <NoticeScreen key={screen.id} id={screen.id} />;
    case 'hotlines':
      return <HotlinesScreen />;
    case 'settings':
      return <SettingsScreen />;
    case 'keyboard':
      return <KeyboardScreen />;
  }
}
