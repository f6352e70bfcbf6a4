/** Every screen the kiosk can show, with what it needs to draw itself. */
export type Screen =
  | { name: 'home' }
  | { name: 'guide-categories' }
  | { name: 'guide-list'; category: string }
  | { name: 'guide'; id: string }
  | { name: 'notices' }
  | { name: 'notice'; id: string }
  | { name: 'hotlines' }
  | { name: 'settings' }
  | { name: 'keyboard' };

export type NavAction = { type: 'open'; screen: Screen } | { type: 'back' } | { type: 'home' };

/** A stack of screens; home is always at the bottom so "返回" never leaves the kiosk. */
export type NavState = readonly [Screen, ...Screen[]];

export const initialNav: NavState = [{ name: 'home' }];

export function navigate(state: NavState, action: NavAction): NavState {
  switch (action.type) {
    case 'open':
      if (action.screen.name === 'home') return initialNav;
      // A second tap on the control that opened this screen must not stack it twice.
      return sameScreen(currentScreen(state), action.screen) ? state : [...state, action.screen];
    case 'back':
      return state.length > 1 ? (state.slice(0, -1) as unknown as NavState) : state;
    case 'home':
      return initialNav;
  }
}

export function currentScreen(state: NavState): Screen {
  return state[state.length - 1] ?? state[0];
}

function sameScreen(a: Screen, b: Screen): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
