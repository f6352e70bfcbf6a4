import { expect, test } from './fixtures.ts';
import { onScreen } from './screens.ts';

test.beforeEach(async ({ page, kioskUrl }) => {
  await page.goto(kioskUrl);
  await page.getByTestId('settings-entry').click();
  await page.getByRole('button', { name: /试试屏幕键盘/ }).click();
  await onScreen(page, 'keyboard');
});

test('the digit pad types a phone number in readable groups, deletes one and clears all', async ({ page }) => {
  const pad = page.getByTestId('digit-pad');
  const typed = page.getByTestId('typed');
  for (const digit of '13812345678') await pad.getByRole('button', { name: digit, exact: true }).click();
  await expect(typed).toHaveText('138 1234 5678');
  await pad.getByRole('button', { name: /删一个/ }).click();
  await expect(typed).toHaveText('138 1234 567');
  await pad.getByRole('button', { name: /清空/ }).click();
  await expect(typed).toHaveAttribute('data-empty', 'true');
  await expect(typed).toHaveText('请点下面的数字');
});

test('pinyin: letters, then the character from big candidates, a page at a time; no system keyboard anywhere', async ({ page }) => {
  await page.getByTestId('keyboard-mode').getByRole('button', { name: /拼音写字/ }).click();
  const pad = page.getByTestId('pinyin-pad');
  const key = (letter: string) => pad.getByRole('button', { name: letter, exact: true });
  const typed = page.getByTestId('typed');

  for (const letter of 'ma') await key(letter).click();
  await expect(page.getByTestId('pinyin-typed')).toHaveText('拼音：ma');
  await page.getByTestId('candidates').getByRole('button', { name: '妈' }).click();
  await expect(typed).toHaveText('妈');

  for (const letter of 'zh') await key(letter).click();
  const first = await page.getByTestId('candidates').getByRole('button').allTextContents();
  await pad.getByRole('button', { name: /更多/ }).click();
  const second = await page.getByTestId('candidates').getByRole('button').allTextContents();
  expect(second).not.toEqual(first);
  await pad.getByRole('button', { name: /前面/ }).click();
  expect(await page.getByTestId('candidates').getByRole('button').allTextContents()).toEqual(first);

  // 删一个 takes back a pinyin letter first, then a character.
  await pad.getByRole('button', { name: /删一个/ }).click();
  await pad.getByRole('button', { name: /删一个/ }).click();
  await expect(page.getByTestId('pinyin-typed')).toHaveText(/请点字母/);
  await pad.getByRole('button', { name: /删一个/ }).click();
  await expect(typed).toHaveAttribute('data-empty', 'true');

  for (const letter of 'qv') await key(letter).click();
  await expect(page.getByText('没有这个拼音')).toBeVisible();

  await expect(page.locator('input, textarea, [contenteditable="true"]')).toHaveCount(0);
});
