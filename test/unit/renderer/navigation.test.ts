import { describe, expect, it } from 'vitest';
import { currentScreen, initialNav, navigate } from '../../../renderer/src/app/navigation.ts';

describe('navigation', () => {
  it('opens screens on a stack and goes back one at a time', () => {
    let nav = navigate(initialNav, { type: 'open', screen: { name: 'guide-categories' } });
    nav = navigate(nav, { type: 'open', screen: { name: 'guide-list', category: 'elderly' } });
    nav = navigate(nav, { type: 'open', screen: { name: 'guide', id: 'gaoling-jintie' } });
    expect(currentScreen(nav)).toEqual({ name: 'guide', id: 'gaoling-jintie' });
    nav = navigate(nav, { type: 'back' });
    expect(currentScreen(nav)).toEqual({ name: 'guide-list', category: 'elderly' });
  });

  it('never goes back past home', () => {
    expect(navigate(initialNav, { type: 'back' })).toBe(initialNav);
  });

  it('home clears the stack, from anywhere', () => {
    const deep = navigate(navigate(initialNav, { type: 'open', screen: { name: 'guide-categories' } }), {
      type: 'open',
      screen: { name: 'guide', id: 'x' },
    });
    expect(navigate(deep, { type: 'home' })).toEqual([{ name: 'home' }]);
    expect(navigate(deep, { type: 'open', screen: { name: 'home' } })).toEqual([{ name: 'home' }]);
  });

  it('a second tap on the control that opened a screen does not stack it twice', () => {
    const settings = navigate(initialNav, { type: 'open', screen: { name: 'settings' } });
    expect(navigate(settings, { type: 'open', screen: { name: 'settings' } })).toBe(settings);
    expect(navigate(navigate(settings, { type: 'back' }), { type: 'open', screen: { name: 'settings' } })).toEqual(settings);
  });
});
