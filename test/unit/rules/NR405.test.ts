import { ruleTester } from '../../support/rule-tester';

/** jacobgil's pruning fine-tuner: `test()` switched off by a `return` at its top (`top` is its first line). */
const DEAD_TEST = (top: string): string =>
  `import torch\n\n\nclass FineTuner:\n    def test(self):\n        ${top}\n        self.model.eval()\n        correct = 0\n        for batch, label in self.test_data_loader:\n            correct += self.model(batch).argmax(1).eq(label).sum().item()\n        print("Accuracy :", correct)\n\n    def train(self, optimizer, epoches=10):\n        for i in range(epoches):\n            for batch, label in self.train_data_loader:\n                self.model.zero_grad()\n                self.criterion(self.model(batch), label).backward()\n                optimizer.step()\n            self.test()\n`;
/** The Lottery Ticket's main(): the best checkpoint kept on `test(…)`, with `line` somewhere in the same function. */
const LOTTERY = (line: string): string =>
  `import torch\n\n\ndef main(args):\n    best_accuracy = 0\n    for name, param in model.named_parameters():\n        ${line}\n    for iter_ in range(args.end_iter):\n        accuracy = test(model, test_loader, criterion)\n        if accuracy > best_accuracy:\n            best_accuracy = accuracy\n            torch.save(model, "saves/model_lt.pth.tar")\n        train(model, train_loader, optimizer, criterion)\n`;
/** A Hugging Face `compute_metrics` keeping a best checkpoint on `score` (computed from the eval or the test split). */
const HF_METRICS = (score: string): string =>
  `best = 0\n\n\ndef prepare(model, tokenized, pred_trainer):\n    def compute_metrics(pred):\n        global best\n        eval_metrics_object = report(pred.predictions, pred.label_ids)\n        test_pred = pred_trainer.predict(test_dataset=tokenized["test"])\n        test_metrics_object = report(test_pred.predictions, test_pred.label_ids)\n        local_avg_score = ${score}['roc_auc']\n        if best < local_avg_score:\n            best = local_avg_score\n            model.save_pretrained("best")\n        return {"eval": eval_metrics_object, "test": test_metrics_object}\n\n    return compute_metrics\n`;
/** monodepth2's trainer: `run_epoch()` validates one minibatch under `cond` every so many steps. */
const MONODEPTH = (cond: string): string =>
  `import torch\n\n\nclass Trainer:\n    def train(self):\n        for self.epoch in range(self.opt.num_epochs):\n            self.run_epoch()\n\n    def run_epoch(self):\n        for batch_idx, inputs in enumerate(self.train_loader):\n            self.model_optimizer.zero_grad()\n            self.loss(inputs).backward()\n            self.model_optimizer.step()\n            ${cond}\n\n    def val(self):\n        self.model.eval()\n        with torch.no_grad():\n            print(self.loss(next(self.val_iter)).item())\n        self.model.train()\n`;
/** Noise2Noise's trainer: its own `eval(self, valid_loader)` method, called each epoch as `evaluate`. */
const N2N = (evaluate: string): string =>
  `import torch\n\n\nclass Noise2Noise:\n    def eval(self, valid_loader):\n        self.model.train(False)\n        with torch.no_grad():\n            return sum(self.loss(self.model(x), y).item() for x, y in valid_loader)\n\n    def train(self, train_loader, valid_loader):\n        for epoch in range(100):\n            for x, y in train_loader:\n                self.optim.zero_grad()\n                self.loss(self.model(x), y).backward()\n                self.optim.step()\n            ${evaluate}\n`;
/** Pointnet_Pointnet2's semseg loop: the best kept on the test loader's mIoU, with `pred` naming the predictions. */
const SEMSEG = (pred: string): string =>
  `import numpy as np\nimport torch\n\n\ndef main():\n    best_iou = 0\n    for epoch in range(128):\n        for points, target in trainDataLoader:\n            optimizer.zero_grad()\n            criterion(classifier(points), target).backward()\n            optimizer.step()\n        with torch.no_grad():\n            correct = 0\n            for points, target in testDataLoader:\n                ${pred} = np.argmax(classifier(points).numpy(), 1)\n                correct += np.sum(${pred} == target.numpy())\n            mIoU = correct / 1000\n            if mIoU >= best_iou:\n                best_iou = mIoU\n                torch.save(classifier.state_dict(), 'best_model.pth')\n`;
/** pytorch-maml's train.py: the best score sets `save_model`, then `if save_model:` saves (`reset` clears the flag). */
const MAML = (reset: string): string =>
  `import torch\n\n\ndef train_epoch(loader):\n    model.train()\n    for x, y in loader:\n        optimizer.zero_grad()\n        criterion(model(x), y).backward()\n        optimizer.step()\n\n\n@torch.no_grad()\ndef evaluate(loader):\n    model.eval()\n    return {'accuracies_after': sum((model(x).argmax(1) == y).float().mean().item() for x, y in loader)}\n\n\nbest_value = None\nfor epoch in range(50):\n    train_epoch(train_loader)\n    results = evaluate(val_loader)\n    if (best_value is None) or (best_value < results['accuracies_after']):\n        best_value = results['accuracies_after']\n        save_model = True\n${reset}    if save_model:\n        torch.save(model.state_dict(), 'model.th')\n`;
/** BMN's main.py: `test_BMN` keeps the best checkpoint on the loader it is handed, built from the given subset. */
const BMN = (subset: string): string =>
  `import torch\nfrom torch.utils.data import DataLoader\n\nbest_loss = 1e10\n\n\ndef test_epoch(loader, model, epoch):\n    global best_loss\n    model.eval()\n    epoch_loss = 0\n    with torch.no_grad():\n        for x, y in loader:\n            epoch_loss += torch.nn.functional.mse_loss(model(x), y).item()\n    if epoch_loss < best_loss:\n        best_loss = epoch_loss\n        torch.save(model.state_dict(), "best.pth.tar")\n\n\ndef main():\n    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=1e-4)\n    train_loader = DataLoader(VideoDataSet(subset="train"), batch_size=16, shuffle=True)\n    test_loader = DataLoader(VideoDataSet(subset="${subset}"), batch_size=16)\n    for epoch in range(9):\n        train_epoch(train_loader, model, optimizer)\n        test_epoch(test_loader, model, epoch)\n`;
/** Lottery Ticket's main.py: every `valid_freq` iterations, the best checkpoint kept on the score of `loader`. */
const LOTTERY_VALID = (loader: string): string =>
  `import torch\n\n\ndef main(args):\n    best_accuracy = 0\n    for iter_ in range(args.end_iter):\n        if iter_ % args.valid_freq == 0:\n            accuracy = test(model, ${loader})\n            if accuracy > best_accuracy:\n                best_accuracy = accuracy\n                torch.save(model, "best.pth.tar")\n        train(model, train_loader, optimizer, criterion)\n`;
const GSPLAT = (report: string): string =>
  `import torch\nfrom scene import Scene, GaussianModel\nfrom utils import l1_loss, psnr\n\n\ndef training(opt, testing_iterations):\n    torch.manual_seed(0)\n    gaussians = GaussianModel()\n    scene = Scene(gaussians)\n    gaussians.training_setup(opt)\n    for iteration in range(1, opt.iterations + 1):\n        cam = scene.random_train_camera()\n        image = gaussians.render(cam)\n        loss = l1_loss(image, cam.original_image)\n        loss.backward()\n        with torch.no_grad():\n            training_report(iteration, testing_iterations, scene)\n            gaussians.optimizer.step()\n            gaussians.optimizer.zero_grad(set_to_none=True)\n\n\ndef training_report(iteration, testing_iterations, scene):\n${report}\n\nif __name__ == "__main__":\n    training(opt=None, testing_iterations=[7000, 30000])\n`;
const EPOCHS = `for epoch in range(100):\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        criterion(model(x), y).backward()\n        optimizer.step()\n    print(epoch, evaluate(model, val_loader))\n`;
const LIGHTNING = `from lightning.pytorch import Trainer\nfrom lightning.pytorch.callbacks import LearningRateMonitor\n\ntrainer = Trainer(max_epochs=100, callbacks=[LearningRateMonitor()])\ntrainer.fit(model, datamodule=data)\n`;

/** An epoch loop evaluating on VOC's `split`, through a loader named `data_loader_test` either way. */
const vocLoop = (split: string): string =>
  `import torch\nimport torchvision\n\n\ndef evaluate(model, loader):\n    with torch.no_grad():\n        return sum(float((model(x).argmax(1) == y).float().mean()) for x, y in loader)\n\n\ndataset_test = torchvision.datasets.VOCSegmentation("data", image_set="${split}")\ndata_loader_test = torch.utils.data.DataLoader(dataset_test, batch_size=1)\nfor epoch in range(30):\n    for x, y in train_loader:\n        opt.zero_grad()\n        torch.nn.functional.cross_entropy(model(x), y).backward()\n        opt.step()\n    print(evaluate(model, data_loader_test))\n`;

/** An epoch of training (and an evaluation) written in another file of the project, as DETR's and DeiT's engine.py. */
const ENGINE = 'import torch\n\n\ndef train_one_epoch(model, criterion, loader, optimizer):\n    model.train()\n    for x, y in loader:\n        optimizer.zero_grad()\n        criterion(model(x), y).backward()\n        optimizer.step()\n\n\n@torch.no_grad()\ndef evaluate(model, loader):\n    model.eval()\n    return sum(model(x).sum().item() for x, _ in loader)\n\n\ndef fit(model, criterion, loader, optimizer, epochs):\n    for epoch in range(epochs):\n        train_one_epoch(model, criterion, loader, optimizer)\n';

/** An epoch of MAE's, DeiT's or Swin's engine.py: timm's NativeScaler runs the backward pass and the optimizer step. */
const SCALED_ENGINE = 'import torch\n\n\ndef train_one_epoch(model, criterion, loader, optimizer, loss_scaler):\n    model.train()\n    for x, y in loader:\n        with torch.cuda.amp.autocast():\n            loss = criterion(model(x), y)\n        loss_scaler(loss, optimizer, clip_grad=None, parameters=model.parameters())\n        optimizer.zero_grad()\n';

const PATIENCE = (split: string): string =>
  `import torch\n\nbest_loss, epochs_no_improve = float("inf"), 0\nfor epoch in range(100):\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        criterion(model(x), y).backward()\n        optimizer.step()\n    ${split}_loss = 0\n    with torch.no_grad():\n        for x, y in ${split}_loader:\n            ${split}_loss += criterion(model(x), y).item()\n    if ${split}_loss < best_loss:\n        best_loss = ${split}_loss\n        torch.save(model.state_dict(), "model.pt")\n        epochs_no_improve = 0\n    else:\n        epochs_no_improve += 1\n    if epochs_no_improve == 5:\n        break\n`;

/** OGB's examples: scores kept each epoch, the best validation epoch picked after the loop by `pick`. */
/** An active-learning loop (anon-paper-ox): `build` is how train_model gets its model; the test accuracy is the learning curve. */
const ROUNDS = (build: string): string =>
  `import torch\nfrom torch import nn\n\n\ndef train_model(${build === 'model' ? 'model, ' : ''}loader):\n${build === 'model' ? '' : `    model = ${build}\n`}    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)\n    for x, y in loader:\n        optimizer.zero_grad()\n        nn.functional.cross_entropy(model(x), y).backward()\n        optimizer.step()\n    return model\n\n\ncurve = []\nmodel = nn.Linear(10, 2)\nfor _round in range(100):\n    ${build === 'model' ? 'train_model(model, loader)' : 'model = train_model(loader)'}\n    curve.append(evaluate(model, val_loader))\n    grow(labelled, pool)\n`;
/** OGB's Logger (`logger.py`): the scores of each epoch kept as rows, `report` what `print_statistics` prints. */
const OGB_LOGGER = (report: string): string =>
  `import torch\n\n\nclass Logger(object):\n    def __init__(self, runs):\n        self.results = [[] for _ in range(runs)]\n\n    def add_result(self, run, result):\n        self.results[run].append(result)\n\n    def print_statistics(self, run):\n        result = 100 * torch.tensor(self.results[run])\n${report}`;
/** OGB's arxiv example: `test()` returns (train, valid, test) accuracies each epoch, handed to the logger (`keep`). */
const OGB_MAIN = (keep: string, after: string): string =>
  `import torch\nfrom logger import Logger\n\n\ndef main():\n    torch.manual_seed(0)\n    logger = Logger(10)\n    for run in range(10):\n        optimizer = torch.optim.AdamW(model.parameters(), lr=0.01)\n        for epoch in range(1, 501):\n            optimizer.zero_grad()\n            criterion(model(x)[train_idx], y[train_idx]).backward()\n            optimizer.step()\n            result = test(model, x, y, split_idx)\n            ${keep}\n        ${after}\n`;
/** bert-entity-extraction: `train_test_split` makes `test_sentences`, the loader scored each epoch is `loader`, the score `test_loss`. */
const ENTITY = (loader: string): string =>
  `import numpy as np\nimport torch\nfrom sklearn import model_selection\n\nif __name__ == "__main__":\n    train_sentences, test_sentences = model_selection.train_test_split(sentences, test_size=0.1)\n    ${loader} = torch.utils.data.DataLoader(EntityDataset(test_sentences), batch_size=8)\n    best_loss = np.inf\n    for epoch in range(10):\n        train_loss = train_fn(train_data_loader, model, optimizer)\n        test_loss = eval_fn(${loader}, model)\n        if test_loss < best_loss:\n            torch.save(model.state_dict(), "model.bin")\n            best_loss = test_loss\n`;
/** CenterNet's main.py: a save under `test`, after each epoch of training (`opt.val_intervals` is a period). */
const INTERVAL_SAVE = (test: string): string =>
  `import torch\n\n\ndef main(opt):\n    best = 1e10\n    for epoch in range(1, opt.num_epochs + 1):\n        for x, y in train_loader:\n            optimizer.zero_grad()\n            criterion(model(x), y).backward()\n            optimizer.step()\n        val_loss = evaluate(model, val_loader)\n        if ${test}:\n            torch.save(model.state_dict(), 'model_last.pth')\n`;
const CURVES = (pick: string): string =>
  `import numpy as np\n\nvalid_curve, test_curve, train_curve = [], [], []\nfor epoch in range(100):\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        criterion(model(x), y).backward()\n        optimizer.step()\n    train_curve.append(evaluate(model, train_loader))\n    valid_curve.append(evaluate(model, valid_loader))\n    test_curve.append(evaluate(model, test_loader))\n${pick}\nprint('Test score at the best validation epoch:', test_curve[best])\n`;

/**
 * Review 78's speech-enhancement script: train() keeps a score each epoch (`keep`), returns it, and `run()` does `use`
 * with what it returns (averaged over runs, then the best epoch picked, in the real code).
 */
const CALLER = (keep: string, use: string): string =>
  `import torch\nfrom torch.optim import AdamW\nfrom torch.utils.data import DataLoader\n\ntorch.manual_seed(0)\n\n\ndef train(model, train_set, val_set, epochs=10):\n    optimizer = AdamW(model.parameters(), 5e-5)\n    loss_list = []\n    for epoch in range(epochs):\n        model.train()\n        for x, y in DataLoader(train_set, batch_size=32, shuffle=True):\n            loss = torch.nn.functional.mse_loss(model(x), y)\n            loss.backward()\n            optimizer.step()\n            optimizer.zero_grad()\n        model.eval()\n        val_list = []\n        with torch.no_grad():\n            for x, y in DataLoader(val_set, batch_size=32):\n                val_list.append(torch.nn.functional.mse_loss(model(x), y))\n        ${keep}\n    return model, loss_list\n\n\ndef run(train_set, val_set, runs=3):\n    all_lists = []\n    for _ in range(runs):\n        model = torch.nn.Linear(8, 1)\n        model, val_list = train(model, train_set, val_set)\n        all_lists.append(val_list)\n    average_list = [sum(e) / len(e) for e in zip(*all_lists)]\n    ${use}\n`;
const KEEP_VAL = 'loss_list.append(sum(val_list) / len(val_list))';

/** pytorch-cifar with the best checkpoint kept in the module-level epoch loop: `acc = ${call}` then `if acc > best_acc:`. */
const BEST_IN_LOOP = (evaluator: string, call: string): string =>
  `import torch\n\nbest_acc = 0\n\n\n${evaluator}\n\n\nfor epoch in range(200):\n    for x, y in trainloader:\n        optimizer.zero_grad()\n        criterion(net(x), y).backward()\n        optimizer.step()\n    acc = ${call}\n    if acc > best_acc:\n        torch.save(net.state_dict(), "./checkpoint/ckpt.pth")\n        best_acc = acc\n`;
const TEST_OVER = (loader: string): string =>
  `def test(epoch):\n    correct = 0\n    with torch.no_grad():\n        for x, y in ${loader}:\n            correct += (net(x).argmax(1) == y).sum().item()\n    return correct / 100`;
const EVALUATE = 'def evaluate(model, loader):\n    with torch.no_grad():\n        return sum((model(x).argmax(1) == y).sum().item() for x, y in loader)';

/** A Hugging Face Trainer keeping its best checkpoint on `evalData` (rabbitredux; review 127). */
const HF_BEST = (evalData: string): string =>
  `from datasets import load_dataset\nfrom transformers import AutoModelForSequenceClassification, Trainer, TrainingArguments\n\nds = load_dataset("imdb")\nmodel = AutoModelForSequenceClassification.from_pretrained("distilbert-base-uncased", num_labels=2)\nargs = TrainingArguments(output_dir="out", eval_strategy="epoch", save_strategy="epoch", num_train_epochs=3, load_best_model_at_end=True)\n${evalData}\ntrainer = Trainer(model=model, args=args, train_dataset=ds["train"], eval_dataset=eval_ds)\ntrainer.train()\n`;

/** A stopping helper of the file (Informer's and its forks' EarlyStopping) fed `score` each epoch; `stop` after it. */
const FED_STOPPER = (score: string, stop = '    if early_stopping.early_stop:\n        break\n'): string =>
  `import numpy as np\nimport torch\nfrom torch import nn\n\ntorch.manual_seed(0)\n\n\nclass EarlyStopping:\n    def __init__(self, patience=7):\n        self.patience = patience\n        self.counter = 0\n        self.best_score = None\n        self.early_stop = False\n\n    def __call__(self, val_loss, model):\n        score = -val_loss\n        if self.best_score is None or score > self.best_score:\n            self.best_score = score\n            torch.save(model.state_dict(), 'checkpoint.pt')\n            self.counter = 0\n        else:\n            self.counter += 1\n            if self.counter >= self.patience:\n                self.early_stop = True\n\n\ndef evaluate(model, loader):\n    model.eval()\n    with torch.no_grad():\n        return np.mean([nn.functional.mse_loss(model(x), y).item() for x, y in loader])\n\n\nmodel = nn.Sequential(nn.Linear(8, 32), nn.Dropout(0.1), nn.Linear(32, 1))\noptimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=1e-2)\nearly_stopping = EarlyStopping(patience=7)\nfor epoch in range(100):\n    model.train()\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        nn.functional.mse_loss(model(x), y).backward()\n        optimizer.step()\n    ${score}\n    early_stopping(${score.split(' = ')[0]}, model)\n${stop}`;

ruleTester('NR405', {
  valid: [
    { name: 'hard negative: the same flag computed from a validation score', code: 'import shutil\nimport torch\nimport torch.nn as nn\nimport torch.nn.functional as F\nfrom torchvision import datasets, transforms\n\ntorch.manual_seed(0)\ntf = transforms.Compose([transforms.RandomHorizontalFlip(), transforms.ToTensor()])\nfull = datasets.CIFAR10(\'./data\', train=True, download=True, transform=tf)\ntrain_set, val_set = torch.utils.data.random_split(full, [45000, 5000])\ntrain_loader = torch.utils.data.DataLoader(train_set, batch_size=64, shuffle=True)\nval_loader = torch.utils.data.DataLoader(val_set, batch_size=256, shuffle=False)\n\nmodel = nn.Sequential(nn.Flatten(), nn.Linear(3072, 10))\noptimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=5e-4)\n\n\ndef train(epoch):\n    model.train()\n    for data, target in train_loader:\n        optimizer.zero_grad()\n        F.cross_entropy(model(data), target).backward()\n        optimizer.step()\n\n\ndef validate():\n    model.eval()\n    correct = 0\n    with torch.no_grad():\n        for data, target in val_loader:\n            correct += (model(data).argmax(1) == target).sum().item()\n    return correct / len(val_loader.dataset)\n\n\ndef save_checkpoint(state, is_best):\n    torch.save(state, \'checkpoint.pth.tar\')\n    if is_best:\n        shutil.copyfile(\'checkpoint.pth.tar\', \'model_best.pth.tar\')\n\n\nbest_prec1 = 0.\nfor epoch in range(40):\n    train(epoch)\n    prec1 = validate()\n    is_best = prec1 > best_prec1\n    best_prec1 = max(prec1, best_prec1)\n    save_checkpoint({\'state_dict\': model.state_dict()}, is_best)\n', stage: 4 },
    { name: 'hard negative: the same best updated when it improves', code: 'import torch\nfrom torch import nn\n\nbest_eval_score = 0\nfor epoch in range(30):\n    model.train()\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        nn.functional.cross_entropy(model(x), y).backward()\n        optimizer.step()\n    eval_score = evaluate(model, eval_loader)\n    if eval_score > best_eval_score:\n        best_eval_score = eval_score\n        torch.save(model.state_dict(), "model.pth")\n', stage: 4 },
    {
      name: "a report helper that scores held-out views only at a few iterations (3DGS's `training_report`: `if iteration in testing_iterations:`; review 144)",
      code: GSPLAT('    if iteration in testing_iterations:\n        psnr_test = 0.0\n        for cam in scene.getTestCameras():\n            psnr_test += psnr(scene.gaussians.render(cam), cam.original_image).mean().double()\n        print(iteration, psnr_test / len(scene.getTestCameras()))\n'),
      stage: 4,
    },
    { name: 'hard negative: the same loop scoring the validation loader through a function named test', code: LOTTERY_VALID('val_loader'), stage: 4 },
    {
      name: 'a best checkpoint kept by test_epoch on a loader named test but built from the validation subset (BMN; review 122)',
      code: BMN('validation'),
      stage: 4,
    },
    { name: "a best score that sets a flag the checkpoint is saved under (`save_model = True` … `else: save_model = False`; pytorch-maml, review 107)", code: MAML('    else:\n        save_model = False\n'), stage: 4 },
    { name: 'hard negative: a validation split named in the same function (`val_pred`) may be what the best is kept on', code: SEMSEG('val_pred'), stage: 4 },
    { name: 'hard negative: `self.model.eval()`, a mode switch, is no evaluation of each epoch', code: N2N('self.model.eval()'), stage: 4 },
    { name: "validation under a condition in a helper the epoch loop calls (monodepth2's `if early_phase or late_phase: self.val()`; review 104)", code: MONODEPTH('if batch_idx % 250 == 0 or self.step % 2000 == 0:\n                self.val()'), stage: 4 },
    { name: "a best kept on a score computed from the Trainer's eval split (`eval_metrics_object`), next to a reported test score (review 105)", code: HF_METRICS('eval_metrics_object'), stage: 4 },
    { name: "a Lightning smoke test (`fast_dev_run=True`: a few batches, callbacks off; review 105)", code: LIGHTNING.replace('max_epochs=100', 'max_epochs=100, fast_dev_run=True'), stage: 4 },
    { name: 'hard negative: a dev split named in the same function (`dev_loader`) may be what the best is kept on', code: LOTTERY('dev_loader = make_loader(dev_set)'), stage: 4 },
    { name: "a test() switched off by a bare `return` at its top evaluates nothing (jacobgil's pytorch-pruning; review 101)", code: DEAD_TEST('return'), stage: 4 },
    { name: 'a Trainer keeping its best checkpoint on a validation split', code: HF_BEST('eval_ds = ds["validation"]'), stage: 4 },
    { name: 'hard negative: a test split under a name that says evaluation (`eval_ds = ds["test"]`: the closest name wins, as for hand-written loops)', code: HF_BEST('eval_ds = ds["test"]'), stage: 4 },
    { name: 'a Trainer keeping its best checkpoint on the "test" part of a split the script makes (a held-out validation split: alpaca-lora)', code: HF_BEST('split = ds["train"].train_test_split(test_size=0.1, seed=42)\neval_ds = split["test"]'), stage: 4 },
    {
      name: 'hard negative: a scoring helper called on a training batch (`check_accuracy(outputs, labels)`) is no validation',
      code: "import torch\n\n\ndef check_accuracy(loader, model):\n    model.eval()\n    dice = 0\n    with torch.no_grad():\n        for x, y in loader:\n            preds = (torch.sigmoid(model(x)) > 0.5).float()\n            dice += (2 * (preds * y).sum()) / ((preds + y).sum() + 1e-8)\n    print(dice / len(loader))\n    model.train()\n\n\nfor epoch in range(100):\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        loss = loss_fn(model(x), y)\n        loss.backward()\n        optimizer.step()\n        check_accuracy(model(x), y)\n    torch.save(model.state_dict(), 'checkpoint.pth')\n    pass\n",
      stage: 4,
    },
    { name: 'a best kept through a flag that compares the validation loss (`is_best = val_loss < best_loss`)', code: 'import torch\nfrom torch import nn\nfrom torch.utils.data import DataLoader\nfrom datasets import VOCDataset\n\ntorch.manual_seed(0)\nmodel = nn.Sequential(nn.Conv2d(3, 8, 3, bias=False), nn.BatchNorm2d(8), nn.Flatten(), nn.LazyLinear(2))\noptimizer = torch.optim.SGD(model.parameters(), lr=1e-3, momentum=0.9, weight_decay=5e-4)\ncriterion = nn.CrossEntropyLoss()\n\ntrain_dataset = VOCDataset(\'./\', split=\'train\')\nval_dataset = VOCDataset(\'./\', split=\'val\')\ntrain_loader = DataLoader(train_dataset, batch_size=8, shuffle=True)\nval_loader = DataLoader(val_dataset, batch_size=8)\n\n\ndef test(test_loader, model):\n    model.eval()\n    total = 0.\n    with torch.no_grad():\n        for x, y in test_loader:\n            total += criterion(model(x), y).item()\n    return total / len(test_loader)\n\n\nbest_loss = 100.\nfor epoch in range(200):\n    model.train()\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        criterion(model(x), y).backward()\n        optimizer.step()\n    val_loss = test(val_loader, model)\n    is_best = val_loss < best_loss\n    best_loss = min(val_loss, best_loss)\n    if is_best:\n        torch.save(model.state_dict(), \'BEST_checkpoint.pth\')\n', files: { 'datasets.py': 'class VOCDataset:\n    pass\n' }, stage: 4 },
    { name: "a Trainer keeping its best on the \"test\" part of sklearn's `train_test_split` wrapped into a `DatasetDict` (a split the script makes; soict-wav2vec2, review 139)", code: 'from datasets import Dataset, DatasetDict\nfrom sklearn.model_selection import train_test_split\nfrom transformers import AutoModelForSequenceClassification, Trainer, TrainingArguments\n\nrows = open("labels.jsonl").readlines()\ntrain_rows, test_rows = train_test_split(rows, test_size=0.15, random_state=42)\nds = DatasetDict({"train": Dataset.from_dict({"x": train_rows}),\n                  "test": Dataset.from_dict({"x": test_rows})})\n\nmodel = AutoModelForSequenceClassification.from_pretrained("bert-base-uncased")\nargs = TrainingArguments(output_dir="out", evaluation_strategy="steps", num_train_epochs=10,\n                         load_best_model_at_end=True, metric_for_best_model="loss", seed=0)\ntrainer = Trainer(model=model, args=args, train_dataset=ds["train"], eval_dataset=ds["test"])\ntrainer.train()\n', stage: 4 },
    { name: "hard negative: the file's EarlyStopping fed the validation loss", code: FED_STOPPER('vali_loss = evaluate(model, vali_loader)'), stage: 4 },
    { name: 'hard negative: fed what an evaluation of the validation loader returned, under a neutral name', code: FED_STOPPER('loss = evaluate(model, val_loader)'), stage: 4 },
    { name: "hard negative: Informer's evaluation function `vali` fed the validation loader (`vali(vali_data, vali_loader)`)", code: FED_STOPPER('vali_loss = vali(vali_data, vali_loader)').replace('def evaluate(', 'def vali(data, '), stage: 4 },

    {
      name: 'hard negative: the best checkpoint kept in the epoch loop on what a test() over the validation loader returns',
      code: BEST_IN_LOOP(TEST_OVER('valloader'), 'test(epoch)'),
      stage: 4,
    },
    {
      name: 'hard negative: the best checkpoint kept in the epoch loop on evaluate(net, val_loader)',
      code: BEST_IN_LOOP(EVALUATE, 'evaluate(net, val_loader)'),
      stage: 4,
    },
    {
      name: 'hard negative: a function named test, handed the validation loader',
      code: BEST_IN_LOOP(EVALUATE.replace('def evaluate', 'def test'), 'test(net, val_loader)'),
      stage: 4,
    },
    {
      name: "a held-out pass that only renders the model's output (a NeRF's test() writing novel views to PNG, review 83): no validation to stop on",
      code: "import torch\nimport torch.nn as nn\nimport matplotlib.pyplot as plt\nfrom torch.utils.data import DataLoader\n\n\n@torch.no_grad()\ndef test(dataset, img_index=0):\n    # renders a held-out view for viewing; compares nothing with ground truth\n    rays = dataset[img_index * 100: (img_index + 1) * 100, :6].to(device)\n    img = model(rays).cpu().numpy()\n    plt.imsave(f'novel_views/img_{img_index}.png', img)\n\n\ndef train(nerf_model, optimizer, data_loader, nb_epochs=16):\n    for _ in range(nb_epochs):\n        for batch in data_loader:\n            pred = nerf_model(batch[:, :6].to(device))\n            loss = ((batch[:, 6:].to(device) - pred) ** 2).sum()\n            optimizer.zero_grad()\n            loss.backward()\n            optimizer.step()\n        for img_index in range(200):\n            test(testing_dataset, img_index=img_index)\n\n\nif __name__ == '__main__':\n    device = 'cuda'\n    torch.manual_seed(0)\n    training_dataset = torch.load('training_data.pt')\n    testing_dataset = torch.load('testing_data.pt')\n    model = nn.Sequential(nn.Linear(6, 128), nn.ReLU(), nn.Linear(128, 3)).to(device)\n    optimizer = torch.optim.AdamW(model.parameters(), lr=5e-4)\n    data_loader = DataLoader(training_dataset, batch_size=1024, shuffle=True)\n    train(model, optimizer, data_loader)\n",
      stage: 4,
    },
    {
      name: 'the best checkpoint saved through a function of the file whose name a resume branch also binds (checkpoint = torch.load(…), then def checkpoint(…); cs-kd, review 81)',
      code: "import torch\nimport torch.nn as nn\nimport torch.optim as optim\nimport torchvision\nimport torchvision.transforms as T\nimport sys\n\nargs_resume = '-r' in sys.argv\n\ntorch.manual_seed(0)\ntf = T.Compose([T.RandomCrop(32, padding=4), T.ToTensor()])\ntrainloader = torch.utils.data.DataLoader(torchvision.datasets.CIFAR10('.', train=True, transform=tf), batch_size=128, shuffle=True)\nvalloader = torch.utils.data.DataLoader(torchvision.datasets.CIFAR10('.', train=False, transform=T.ToTensor()), batch_size=128)\n\nnet = nn.Sequential(nn.Flatten(), nn.Linear(3072, 256, bias=False), nn.BatchNorm1d(256), nn.ReLU(), nn.Linear(256, 10))\noptimizer = optim.SGD(net.parameters(), lr=0.1, momentum=0.9, weight_decay=1e-4)\ncriterion = nn.CrossEntropyLoss()\nbest_val = 0\nstart_epoch = 0\n\nif args_resume:\n    checkpoint = torch.load('ckpt.t7')\n    net.load_state_dict(checkpoint['net'])\n    start_epoch = checkpoint['epoch'] + 1\n\n\ndef train(epoch):\n    net.train()\n    for inputs, targets in trainloader:\n        loss = criterion(net(inputs), targets)\n        optimizer.zero_grad()\n        loss.backward()\n        optimizer.step()\n\n\ndef val(epoch):\n    global best_val\n    net.eval()\n    correct, total = 0.0, 0.0\n    with torch.no_grad():\n        for inputs, targets in valloader:\n            _, predicted = torch.max(net(inputs), 1)\n            total += targets.size(0)\n            correct += predicted.eq(targets).sum().item()\n    acc = 100. * correct / total\n    if acc > best_val:\n        best_val = acc\n        checkpoint(acc, epoch)\n    return acc\n\n\ndef checkpoint(acc, epoch):\n    state = {'net': net.state_dict(), 'acc': acc, 'epoch': epoch}\n    torch.save(state, 'ckpt.t7')\n\n\nfor epoch in range(200):\n    train(epoch)\n    val(epoch)\n",
      stage: 4,
    },
    {
      name: "the scores of each epoch returned to a caller that picks the best epoch (average_list.index(min(average_list)), review 78)",
      code: CALLER(KEEP_VAL, 'min_value = min(average_list)\n    min_index = average_list.index(min_value)\n    print(f"suggest to stop at {min_index} epochs")'),
      stage: 4,
    },
    {
      name: 'the held-out score kept through a name of the loop (val_loss = …, loss_list.append(val_loss))',
      code: CALLER('val_loss = sum(val_list) / len(val_list)\n        loss_list.append(val_loss)', 'print(average_list.index(min(average_list)))'),
      stage: 4,
    },
    {
      name: 'the curves averaged in a loop of the caller (for elements in zip(*all_lists): average_list.append(avg)), as the real script does',
      code: CALLER(KEEP_VAL, 'curve = []\n    for elements in zip(*all_lists):\n        avg = sum(elements) / len(elements)\n        curve.append(avg)\n    print(curve.index(min(curve)))'),
      stage: 4,
    },
    {
      name: 'the same curve returned, its best epoch picked by np.argmin in the caller',
      code: CALLER(KEEP_VAL, 'import numpy as np\n    print("best epoch", np.argmin(average_list))'),
      stage: 4,
    },
    {
      name: 'a running best of the validation accuracy (max_accuracy = max(max_accuracy, val_acc))',
      code: "import torch\nfrom torch import nn\n\ntorch.manual_seed(0)\nmodel = nn.Sequential(nn.Linear(10, 10), nn.Dropout(0.1), nn.Linear(10, 2))\noptimizer = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=0.05)\n\n\n@torch.no_grad()\ndef evaluate(loader):\n    model.eval()\n    correct = 0\n    for x, y in loader:\n        correct += (model(x).argmax(1) == y).sum().item()\n    return correct\n\n\nmax_accuracy = 0.0\nfor epoch in range(50):\n    model.train()\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        nn.functional.cross_entropy(model(x), y).backward()\n        optimizer.step()\n    val_acc = evaluate(val_loader)\n    max_accuracy = max(max_accuracy, val_acc)\n    print(f\"Max accuracy: {max_accuracy:.2f}%\")\n",
      stage: 4,
    },
    {
      name: "a running best of what an evaluation over the validation loader returns (DeiT/MAE: max(max_accuracy, test_stats['acc1']) with test_stats = evaluate(data_loader_val))",
      code: "import torch\nfrom torch import nn\n\ntorch.manual_seed(0)\nmodel = nn.Sequential(nn.Linear(10, 10), nn.Dropout(0.1), nn.Linear(10, 2))\noptimizer = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=0.05)\n\n\n@torch.no_grad()\ndef evaluate(loader):\n    model.eval()\n    correct = 0\n    for x, y in loader:\n        correct += (model(x).argmax(1) == y).sum().item()\n    return correct\n\n\nmax_accuracy = 0.0\nfor epoch in range(50):\n    model.train()\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        nn.functional.cross_entropy(model(x), y).backward()\n        optimizer.step()\n    test_stats = evaluate(data_loader_val)\n    max_accuracy = max(max_accuracy, test_stats[\"acc1\"])\n    print(f\"Max accuracy: {max_accuracy:.2f}%\")\n",
      stage: 4,
    },
    {
      name: "validation skipped on some epochs by an `if …: continue` before it (`if epoch % 2 == 0: continue`, PointPillars)",
      code: "import torch\nimport torch.nn as nn\n\ntorch.manual_seed(0)\nmodel = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 2))\noptimizer = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=0.01)\n\n\ndef main(args, train_dataloader, val_dataloader):\n    for epoch in range(args.max_epoch):\n        for x, y in train_dataloader:\n            optimizer.zero_grad()\n            loss = (model(x) - y).pow(2).mean()\n            loss.backward()\n            optimizer.step()\n        if (epoch + 1) % args.ckpt_freq_epoch == 0:\n            torch.save(model.state_dict(), f'epoch_{epoch+1}.pth')\n\n        if epoch % 2 == 0:\n            continue\n        model.eval()\n        with torch.no_grad():\n            for x, y in val_dataloader:\n                val_loss = (model(x) - y).pow(2).mean()\n                print(val_loss.item())\n        model.train()\n",
      stage: 4,
    },
    {
      name: "a policy trained on its own samples that prints the fraction of valid molecules (REINVENT): validity, not validation",
      code: 'import torch\n\n\ndef fraction_valid_smiles(smiles):\n    return sum(1 for s in smiles if s) / len(smiles)\n\n\nfor step in range(3000):\n    seqs, agent_likelihood = Agent.sample(64)\n    loss = torch.pow(Prior.likelihood(seqs) + 60 * scoring_function(seqs) - agent_likelihood, 2).mean()\n    optimizer.zero_grad()\n    loss.backward()\n    optimizer.step()\n    print(step, fraction_valid_smiles(seqs))\n',
      stage: 4,
    },
    { name: 'active learning: each acquisition round trains a new model from scratch (a new model and optimizer in train_model)', code: ROUNDS('nn.Sequential(nn.Linear(10, 64), nn.ReLU(), nn.Linear(64, 2))'), stage: 4 },
    { name: "the best validation epoch picked after the loop from the scores kept each epoch (OGB: np.argmax(np.array(valid_curve)))", code: CURVES('best = np.argmax(np.array(valid_curve))'), stage: 4 },
    { name: 'the same with list.index(max(…))', code: CURVES('best = valid_curve.index(max(valid_curve))'), stage: 4 },
    {
      name: "OGB's Logger in another file: the test score read at the row of the best validation score (`result[argmax, 2]`; review 112)",
      code: OGB_MAIN('logger.add_result(run, result)', 'logger.print_statistics(run)'),
      files: { 'logger.py': OGB_LOGGER("        argmax = result[:, 1].argmax().item()\n        print(f'Highest Valid: {result[:, 1].max():.2f}')\n        print(f'   Final Test: {result[argmax, 2]:.2f}')\n") },
      stage: 4,
    },
    {
      name: 'the same picked in the file, the best row as the index itself',
      code: OGB_MAIN('results.append(result)', 'r = torch.tensor(results)\n        print(r[r[:, 1].argmax(), 2])').replace('logger = Logger(10)', 'results = []'),
      stage: 4,
    },
    {
      name: "the best validation epoch's score taken after the loop (max(accuracies['eval']) in the caller, Hopfield layers; np.max)",
      code: `import numpy as np\n\n\ndef operate(model, num_epochs):\n    accuracies = {'train': [], 'eval': []}\n    for epoch in range(num_epochs):\n        for x, y in train_loader:\n            optimizer.zero_grad()\n            criterion(model(x), y).backward()\n            optimizer.step()\n        accuracies['eval'].append(evaluate(model, eval_loader))\n    return accuracies\n\n\naccuracies = operate(model, 300)\nprint(max(list(accuracies['eval'])), np.max(accuracies['eval']))\n`,
      stage: 4,
    },
    { name: 'hard negative: the same patience stop and best checkpoint on the validation split', code: PATIENCE('val'), stage: 4 },
    {
      name: 'hard negative: the patience counter reset on the validation loss, the test split only reported',
      code: PATIENCE('val').replace('    if epochs_no_improve == 5:', '    print(evaluate(model, test_loader))\n    if epochs_no_improve == 5:'),
      stage: 4,
    },
    {
      name: 'hard negative for the loss scaler: a scaler called without an optimizer trains nothing (a GradScaler only scales)',
      code: 'import torch\n\nfor epoch in range(100):\n    for x, y in train_loader:\n        scaled = scaler(loss_fn(model(x), y), 2.0)\n    print(evaluate(model, val_loader))\n',
      stage: 4,
    },
    {
      name: 'a loop around a whole training of another file (fit() runs its own epochs): the loop repeats trainings',
      code: 'from engine import fit, evaluate\n\nfor i in range(3):\n    fit(model, criterion, train_loader, optimizer, epochs=10)\n    print(evaluate(model, val_loader))\n',
      files: { 'engine.py': ENGINE },
      stage: 4,
    },
    {
      name: 'an epoch of another file, with the best validation checkpoint kept here (DeiT)',
      code: 'import torch\nfrom engine import train_one_epoch, evaluate\n\nbest = float("inf")\nfor epoch in range(300):\n    train_one_epoch(model, criterion, train_loader, optimizer)\n    val_loss = evaluate(model, val_loader)\n    if val_loss < best:\n        best = val_loss\n        torch.save(model.state_dict(), "best.pth")\n',
      files: { 'engine.py': ENGINE },
      stage: 4,
    },
    {
      name: 'an epoch of another file, validated only every tenth epoch',
      code: 'from engine import train_one_epoch, evaluate\n\nfor epoch in range(300):\n    train_one_epoch(model, criterion, train_loader, optimizer)\n    if epoch % 10 == 0:\n        print(evaluate(model, val_loader))\n',
      files: { 'engine.py': ENGINE },
      stage: 4,
    },
    {
      name: 'a validation step with no validation data (fit(model, train_loader), fit(model)): Lightning skips it, val_loss is never logged',
      code: `import pytorch_lightning as pl\nfrom torch.utils.data import DataLoader\n\n\nclass Learner(pl.LightningModule):\n    def training_step(self, batch, batch_idx):\n        return self.loss(batch)\n\n    def validation_step(self, batch, batch_idx):\n        self.log("val_loss", self.loss(batch))\n\n\ntrain_loader = DataLoader(ds, batch_size=8, shuffle=True)\ntrainer = pl.Trainer(max_epochs=50)\ntrainer.fit(Learner(), train_loader)\ntrainer.fit(Learner())\n`,
      stage: 4,
    },
    {
      name: 'hard negative: the same best checkpoint kept on the validation split',
      code: "import torch\n\nbest_acc = 0\n\n\ndef test(epoch):\n    global best_acc\n    correct = 0\n    with torch.no_grad():\n        for x, y in valloader:\n            correct += (net(x).argmax(1) == y).sum().item()\n    acc = correct / 100\n    if acc > best_acc:\n        torch.save(net.state_dict(), \"./checkpoint/ckpt.pth\")\n        best_acc = acc\n\n\nfor epoch in range(200):\n    for x, y in trainloader:\n        optimizer.zero_grad()\n        criterion(net(x), y).backward()\n        optimizer.step()\n    test(epoch)\n",
      stage: 4,
    },
    {
      name: 'validation every 10 epochs, or only after the last one, or behind a flag: not each epoch',
      code: `import torch\n\nfor epoch in range(100):\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        criterion(model(x), y).backward()\n        optimizer.step()\n    if epoch % 10 == 0:\n        evaluate(model, val_loader)\n    if epoch == 99:\n        validate(model, val_loader)\n    if args.do_eval:\n        with torch.no_grad():\n            print(sum(criterion(model(x), y).item() for x, y in val_loader))\n`,
      stage: 4,
    },
    {
      name: 'a prediction on a fixed sample every few epochs looks at the model, it does not validate it (d2l seq2seq)',
      code: `import torch\nfrom torch import nn\n\n\ndef train_seq2seq(net, data_iter, lr, num_epochs):\n    optimizer = torch.optim.Adam(net.parameters(), lr=lr)\n    for epoch in range(num_epochs):\n        for X, Y in data_iter:\n            optimizer.zero_grad()\n            loss(net(X), Y).backward()\n            optimizer.step()\n        if (epoch + 1) % 10 == 0:\n            print(predict_seq2seq(net, "i'm home .", src_vocab, tgt_vocab, 10))\n\n\ntrain_seq2seq(net, train_iter, 0.005, 300)\n`,
      stage: 4,
    },
    {
      name: 'a LightningModule that averages its own weights (AveragedModel in the class, a Trainer without SWA callback)',
      code: `import lightning as L\nfrom torch.optim.swa_utils import AveragedModel\n\n\nclass SWANet(L.LightningModule):\n    def __init__(self, model):\n        super().__init__()\n        self.swa_model = AveragedModel(model)\n\n    def validation_step(self, batch, i):\n        self.log('val_loss', self.loss(batch))\n\n\nswa_trainer = L.Trainer(max_epochs=20)\nswa_trainer.fit(SWANet(net), dm)\n`,
      stage: 4,
    },
    {
      name: 'Stochastic Weight Averaging keeps the average of the last epochs by design (a Lightning callback, swa_utils)',
      code: `import lightning as L\nfrom lightning.pytorch.callbacks import StochasticWeightAveraging\n\n\nclass M(L.LightningModule):\n    def validation_step(self, batch, i):\n        self.log('val_loss', self.loss(batch))\n\n\ntrainer = L.Trainer(max_epochs=30, callbacks=[StochasticWeightAveraging(swa_lrs=1e-2)])\ntrainer.fit(M(), train_loader, val_loader)\n`,
      stage: 4,
    },
    {
      name: 'swa_utils in a hand-written loop',
      code: `from torch.optim.swa_utils import AveragedModel, SWALR\n\nswa_model = AveragedModel(model)\nfor epoch in range(100):\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        criterion(model(x), y).backward()\n        optimizer.step()\n    swa_model.update_parameters(model)\n    print(epoch, evaluate(swa_model, val_loader))\n`,
      stage: 4,
    },
    {
      name: "an RL agent's update epochs: the policy's evaluate() is not a validation (PPO)",
      code: `import gym\nimport torch\n\nenv = gym.make("LunarLander-v2")\nfor _ in range(K_epochs):\n    logprobs, values, entropy = policy.evaluate(old_states, old_actions)\n    loss = -torch.min(ratios * adv, clipped * adv).mean()\n    optimizer.zero_grad()\n    loss.backward()\n    optimizer.step()\n`,
      stage: 4,
    },
    {
      name: 'the best checkpoint kept by a helper told whether the epoch is the best (save_checkpoint(state, is_best))',
      code: `best_loss = 1e9\nfor epoch in range(100):\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        criterion(model(x), y).backward()\n        optimizer.step()\n    val_loss = validate(model, val_loader)\n    is_best = val_loss < best_loss\n    best_loss = min(val_loss, best_loss)\n    save_checkpoint(epoch, model, optimizer, is_best)\n`,
      stage: 4,
    },
    {
      name: 'the best checkpoint saved through a helper of the file (awd-lstm-lm: model_save(path) calls torch.save)',
      code: `import torch\n\n\ndef model_save(fn):\n    with open(fn, "wb") as f:\n        torch.save([model, criterion, optimizer], f)\n\n\nstored_loss = 1e8\nfor epoch in range(1, args.epochs + 1):\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        criterion(model(x), y).backward()\n        optimizer.step()\n    val_loss = evaluate(val_data)\n    if val_loss < stored_loss:\n        model_save(args.save)\n        stored_loss = val_loss\n`,
      stage: 4,
    },
    {
      name: 'one epoch: range(1), or a count every caller sets to 1 (a memory benchmark)',
      code: `def train(num_epochs, model, optimizer, train_loader, val_loader):\n    for epoch in range(num_epochs):\n        for x, y in train_loader:\n            optimizer.zero_grad()\n            criterion(model(x), y).backward()\n            optimizer.step()\n        print(epoch, evaluate(model, val_loader))\n\n\ntrain(num_epochs=1, model=model, optimizer=optimizer, train_loader=train_loader, val_loader=val_loader)\n\nfor epoch in range(1):\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        criterion(model(x), y).backward()\n        optimizer.step()\n    print(epoch, evaluate(model, val_loader))\n`,
      stage: 4,
    },
    {
      name: 'a Lightning GAN: no validation loss to stop on',
      code: `import pytorch_lightning as pl\nimport torch.nn as nn\n\n\nclass Discriminator(nn.Module):\n    pass\n\n\nclass GAN(pl.LightningModule):\n    def training_step(self, batch, batch_idx, optimizer_idx):\n        return self.loss(batch)\n\n\ntrainer = pl.Trainer(max_epochs=50)\ntrainer.fit(GAN())\n`,
      stage: 4,
    },
    {
      name: 'a Lightning model of the file without a validation step, fit on training data only',
      code: `import pytorch_lightning as pl\n\n\nclass Learner(pl.LightningModule):\n    def training_step(self, batch, batch_idx):\n        return self.loss(batch)\n\n\ntrainer = pl.Trainer(max_epochs=50)\ntrainer.fit(Learner(), train_loader)\n`,
      stage: 4,
    },
    {
      name: 'a patience counter that breaks the epoch loop',
      code: `bad_epochs = 0\nbest = float("inf")\nfor epoch in range(100):\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        criterion(model(x), y).backward()\n        optimizer.step()\n    val_loss = evaluate(model, val_loader)\n    if val_loss < best:\n        best, bad_epochs = val_loss, 0\n    else:\n        bad_epochs += 1\n    if bad_epochs >= 10:\n        break\n`,
      stage: 4,
    },
    {
      name: 'the best checkpoint saved on the validation loss',
      code: `import torch\n\nlowest = 1e9\nfor epoch in range(100):\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        criterion(model(x), y).backward()\n        optimizer.step()\n    val_loss = evaluate(model, val_loader)\n    if val_loss < lowest:\n        lowest = val_loss\n        torch.save(model.state_dict(), "model.pt")\n`,
      stage: 4,
    },
    {
      name: 'hard negative: a best checkpoint under a comparison inside the epoch loop still counts',
      code: `import torch\n\nbest = 0.0\nfor epoch in range(100):\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        criterion(model(x), y).backward()\n        optimizer.step()\n    val_acc = evaluate(model, val_loader)\n    if val_acc > best:\n        best = val_acc\n        torch.save(model.state_dict(), "best.pt")\n`,
      stage: 4,
    },
    { name: 'an early stopper from the project (its name says it)', code: `from utils import EarlyStopper\n\nstopper = EarlyStopper(10)\n${EPOCHS}`, stage: 4 },
    { name: 'patience from a config used somewhere we do not follow', code: `patience = cfg.patience\n${EPOCHS}`, stage: 5 },
    // hard negatives for the plateau scheduler's patience: a patience of the file's own is still a mention
    { name: "a plateau scheduler's patience read from `args.patience` (the file's own patience option)", code: `import torch\n\nscheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, patience=args.patience)\n${EPOCHS}`, stage: 4 },
    { name: 'a `--patience` option next to the plateau scheduler', code: `import argparse\nimport torch\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--patience", type=int, default=10)\nscheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, patience=5)\n${EPOCHS}`, stage: 4 },
    { name: 'an early stopper of the project given a patience', code: `from utils import Stopper\n\nstopper = Stopper(patience=5)\n${EPOCHS}`, stage: 4 },
    {
      name: "a project's own subclass of ModelCheckpoint monitoring the validation loss (CommonLit's delayed-evaluation checkpoint)",
      code: `import pytorch_lightning as pl\nfrom pytorch_lightning.callbacks import ModelCheckpoint\n\n\nclass DelayedEvalCheckpoint(ModelCheckpoint):\n    def on_validation_end(self, trainer, module):\n        if trainer.current_epoch >= 2:\n            super().on_validation_end(trainer, module)\n\n\ntrainer = pl.Trainer(max_epochs=10, callbacks=[DelayedEvalCheckpoint(monitor="val_loss", mode="min")])\ntrainer.fit(model, datamodule=data)\n`,
      stage: 4,
    },
    {
      name: 'Lightning EarlyStopping callback',
      code: `from lightning.pytorch import Trainer\nfrom lightning.pytorch.callbacks import EarlyStopping\n\ntrainer = Trainer(callbacks=[EarlyStopping(monitor="val_loss")])\ntrainer.fit(model, datamodule=data)\n`,
      stage: 4,
    },
    {
      name: 'Lightning ModelCheckpoint on a monitored metric',
      code: `import lightning as L\n\ntrainer = L.Trainer(callbacks=[L.pytorch.callbacks.ModelCheckpoint(monitor="val_acc", mode="max")])\ntrainer.fit(model)\n`,
      stage: 4,
    },
    { name: 'a Trainer configured from an object that cannot be read', code: `from lightning.pytorch import Trainer\n\ntrainer = Trainer(**cfg.trainer)\ntrainer.fit(model)\n`, stage: 4 },
    { name: 'callbacks built elsewhere', code: `from lightning.pytorch import Trainer\n\ntrainer = Trainer(callbacks=make_callbacks(cfg))\ntrainer.fit(model)\n`, stage: 4 },
    { name: 'a single pass over the data is no epoch loop', code: `for x, y in train_loader:\n    optimizer.zero_grad()\n    criterion(model(x), y).backward()\n    optimizer.step()\n`, stage: 4 },
    { name: 'a file with a syntax error', code: EPOCHS + 'if (:\n', stage: 4 },
    { name: 'stage 3: overfitting, no early stopping wanted', code: EPOCHS, stage: 3 },
    { name: 'stage 2', code: LIGHTNING, stage: 2 },
    { name: 'a Lightning Trainer for one epoch: its last weights are the only ones', code: LIGHTNING.replace('max_epochs=100', 'max_epochs=1'), stage: 4 },
    { name: 'a Lightning Trainer for one epoch, through a name', code: 'EPOCHS = 1\n' + LIGHTNING.replace('max_epochs=100', 'max_epochs=EPOCHS'), stage: 4 },
    { name: 'stage unknown', code: EPOCHS },
    {
      name: 'the best checkpoint saved by the test function the epoch loop calls',
      code: `import torch\n\nbest_acc = 0\n\n\ndef test(epoch):\n    global best_acc\n    acc = accuracy_on(val_loader)\n    if acc > best_acc:\n        torch.save(model.state_dict(), "ckpt.pth")\n        best_acc = acc\n\n\nfor epoch in range(200):\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        criterion(model(x), y).backward()\n        optimizer.step()\n    test(epoch)\n`,
      stage: 4,
    },
    {
      name: 'an RL loop: rollouts under no_grad are not a validation (cleanrl-style PPO)',
      code: `import torch\n\nfor update in range(1, num_updates + 1):\n    for step in range(num_steps):\n        with torch.no_grad():\n            action, logprob, value = agent.get_action_and_value(next_obs)\n        next_obs, reward, done, info = envs.step(action)\n    loss = agent.loss(batch)\n    optimizer.zero_grad()\n    loss.backward()\n    optimizer.step()\n`,
      stage: 4,
    },
    {
      name: 'an epoch loop that never validates (a GAN: there is no validation loss to stop on)',
      code: `for epoch in range(200):\n    for real, _ in loader:\n        opt_d.zero_grad()\n        d_loss(netD(real), netD(netG(noise()))).backward()\n        opt_d.step()\n        opt_g.zero_grad()\n        g_loss(netD(netG(noise()))).backward()\n        opt_g.step()\n    save_image(netG(fixed_noise), f"epoch_{epoch}.png")\n`,
      stage: 4,
    },
    {
      name: "the best validation accuracy kept and printed each epoch: the best epoch's score, as `max(max_acc, val_acc)` keeps it (once reported; review 113)",
      code: `best_val = 0\nfor epoch in range(100):\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        criterion(model(x), y).backward()\n        optimizer.step()\n    val_acc = evaluate(model, val_loader)\n    if val_acc > best_val:\n        best_val = val_acc\n    print(epoch, val_acc, best_val)\n`,
      stage: 4,
    },
    {
      name: "a running best of the validation accuracy, the best epoch's score reported as `max(val_accs)` would be (SupContrast's linear probe; review 113)",
      code: `best_acc = 0\nfor epoch in range(100):\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        criterion(model(x), y).backward()\n        optimizer.step()\n    val_acc = validate(val_loader, model)\n    if val_acc > best_acc:\n        best_acc = val_acc\nprint(best_acc)\n`,
      stage: 4,
    },
    {
      name: "a score named test_loss of the validation loader (the split `train_test_split` called test, loaded as the validation data; bert-entity-extraction, review 119)",
      code: ENTITY('valid_data_loader'),
      stage: 4,
    },
    {
      name: 'hard negative: the validation loss compared with the best, no period',
      code: INTERVAL_SAVE('val_loss < best'),
      stage: 4,
    },
    {
      name: "the test result recorded at the best validation epoch (PyG's gcn example): model selection on validation",
      code: `best_val_acc = test_acc = 0\nfor epoch in range(1, 201):\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        criterion(model(x), y).backward()\n        optimizer.step()\n    train_acc, val_acc, tmp_test_acc = test()\n    if val_acc > best_val_acc:\n        best_val_acc = val_acc\n        test_acc = tmp_test_acc\n    print(epoch, val_acc, test_acc)\n`,
      stage: 4,
    },
    {
      name: 'hard negative: the same loop scoring the validation loader (review 153)',
      code: "import torch\nfrom torch import nn\n\ntorch.manual_seed(0)\ntrain_set = torch.utils.data.TensorDataset(torch.randn(800, 8), torch.randint(0, 2, (800,)))\nval_set = torch.utils.data.TensorDataset(torch.randn(200, 8), torch.randint(0, 2, (200,)))\ntrain_loader = torch.utils.data.DataLoader(train_set, batch_size=64, shuffle=True)\nval_loader = torch.utils.data.DataLoader(val_set, batch_size=64)\n\nmodel = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Dropout(0.2), nn.Linear(32, 2))\ncriterion = nn.CrossEntropyLoss()\noptimizer = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=0.01)\n\n\ndef run_epoch(loader, train=True):\n    model.train() if train else model.eval()\n    total = 0.0\n    for x, y in loader:\n        optimizer.zero_grad()\n        with torch.set_grad_enabled(train):\n            loss = criterion(model(x), y)\n        if train:\n            loss.backward()\n            optimizer.step()\n        total += loss.item()\n    return total / len(loader)\n\n\nbest_loss, patience = 1e4, 5\nfor epoch in range(200):\n    train_loss = run_epoch(train_loader)\n    val_loss = run_epoch(val_loader, False)\n    if val_loss < best_loss:\n        best_loss, patience = val_loss, 5\n        torch.save(model.state_dict(), \"best.pt\")\n    else:\n        patience -= 1\n        if patience == 0:\n            break\n",
      stage: 4,
    },
    {
      name: 'hard negative: a score of a call handed both splits (`evaluate(model, train_loader, val_loader)`)',
      code: "import torch\nfrom torch import nn\n\ntorch.manual_seed(0)\ntrain_set = torch.utils.data.TensorDataset(torch.randn(800, 8), torch.randint(0, 2, (800,)))\nval_set = torch.utils.data.TensorDataset(torch.randn(200, 8), torch.randint(0, 2, (200,)))\ntrain_loader = torch.utils.data.DataLoader(train_set, batch_size=64, shuffle=True)\nval_loader = torch.utils.data.DataLoader(val_set, batch_size=64)\n\nmodel = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Dropout(0.2), nn.Linear(32, 2))\ncriterion = nn.CrossEntropyLoss()\noptimizer = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=0.01)\n\n\ndef run_epoch(loader, train=True):\n    model.train() if train else model.eval()\n    total = 0.0\n    for x, y in loader:\n        optimizer.zero_grad()\n        with torch.set_grad_enabled(train):\n            loss = criterion(model(x), y)\n        if train:\n            loss.backward()\n            optimizer.step()\n        total += loss.item()\n    return total / len(loader)\n\n\nbest_loss, patience = 1e4, 5\nfor epoch in range(200):\n    train_loss = run_epoch(train_loader)\n    val_loss = evaluate(model, train_loader, val_loader)\n    if val_loss < best_loss:\n        best_loss, patience = val_loss, 5\n        torch.save(model.state_dict(), \"best.pt\")\n    else:\n        patience -= 1\n        if patience == 0:\n            break\n",
      stage: 4,
    },
  ],
  invalid: [
    {
      name: "a patience stop on a score named for validation but computed on the training loader (`val_loss = run_epoch(train_loader, False)`; kefth's fashion-mnist, review 153)",
      code: "import torch\nfrom torch import nn\n\ntorch.manual_seed(0)\ntrain_set = torch.utils.data.TensorDataset(torch.randn(800, 8), torch.randint(0, 2, (800,)))\nval_set = torch.utils.data.TensorDataset(torch.randn(200, 8), torch.randint(0, 2, (200,)))\ntrain_loader = torch.utils.data.DataLoader(train_set, batch_size=64, shuffle=True)\nval_loader = torch.utils.data.DataLoader(val_set, batch_size=64)\n\nmodel = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Dropout(0.2), nn.Linear(32, 2))\ncriterion = nn.CrossEntropyLoss()\noptimizer = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=0.01)\n\n\ndef run_epoch(loader, train=True):\n    model.train() if train else model.eval()\n    total = 0.0\n    for x, y in loader:\n        optimizer.zero_grad()\n        with torch.set_grad_enabled(train):\n            loss = criterion(model(x), y)\n        if train:\n            loss.backward()\n            optimizer.step()\n        total += loss.item()\n    return total / len(loader)\n\n\nbest_loss, patience = 1e4, 5\nfor epoch in range(200):\n    train_loss = run_epoch(train_loader)\n    val_loss = run_epoch(train_loader, False)   # scores the TRAINING split\n    if val_loss < best_loss:\n        best_loss, patience = val_loss, 5\n        torch.save(model.state_dict(), \"best.pt\")\n    else:\n        patience -= 1\n        if patience == 0:\n            break\n",
      stage: 4,
      errors: [{ line: 38, message: 'score computed on the training data stops improving' }],
    },
    {
      name: 'the same score deciding the best checkpoint alone',
      code: "import torch\nfrom torch import nn\n\ntorch.manual_seed(0)\ntrain_set = torch.utils.data.TensorDataset(torch.randn(800, 8), torch.randint(0, 2, (800,)))\nval_set = torch.utils.data.TensorDataset(torch.randn(200, 8), torch.randint(0, 2, (200,)))\ntrain_loader = torch.utils.data.DataLoader(train_set, batch_size=64, shuffle=True)\nval_loader = torch.utils.data.DataLoader(val_set, batch_size=64)\n\nmodel = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Dropout(0.2), nn.Linear(32, 2))\ncriterion = nn.CrossEntropyLoss()\noptimizer = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=0.01)\n\n\ndef run_epoch(loader, train=True):\n    model.train() if train else model.eval()\n    total = 0.0\n    for x, y in loader:\n        optimizer.zero_grad()\n        with torch.set_grad_enabled(train):\n            loss = criterion(model(x), y)\n        if train:\n            loss.backward()\n            optimizer.step()\n        total += loss.item()\n    return total / len(loader)\n\n\nbest_loss, patience = 1e4, 5\nfor epoch in range(200):\n    train_loss = run_epoch(train_loader)\n    val_loss = run_epoch(train_loader, False)   # scores the TRAINING split\n    if val_loss < best_loss:\n        best_loss, patience = val_loss, 5\n        torch.save(model.state_dict(), \"best.pt\")\n",
      stage: 4,
      errors: [{ line: 33, message: 'best score computed on the training data' }],
    },
    {
      name: "a best flag handed to a checkpoint helper, computed from the test split's score (`is_best = prec1 > best_prec1` after `prec1 = test()`; network-slimming, review 146)",
      code: 'import shutil\nimport torch\nimport torch.nn as nn\nimport torch.nn.functional as F\nfrom torchvision import datasets, transforms\n\ntorch.manual_seed(0)\ntf = transforms.Compose([transforms.RandomHorizontalFlip(), transforms.ToTensor()])\ntrain_loader = torch.utils.data.DataLoader(\n    datasets.CIFAR10(\'./data\', train=True, download=True, transform=tf),\n    batch_size=64, shuffle=True)\ntest_loader = torch.utils.data.DataLoader(\n    datasets.CIFAR10(\'./data\', train=False, transform=transforms.ToTensor()),\n    batch_size=256, shuffle=False)\n\nmodel = nn.Sequential(nn.Flatten(), nn.Linear(3072, 10))\noptimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=5e-4)\n\n\ndef train(epoch):\n    model.train()\n    for data, target in train_loader:\n        optimizer.zero_grad()\n        F.cross_entropy(model(data), target).backward()\n        optimizer.step()\n\n\ndef test():\n    model.eval()\n    correct = 0\n    with torch.no_grad():\n        for data, target in test_loader:\n            correct += (model(data).argmax(1) == target).sum().item()\n    return correct / len(test_loader.dataset)\n\n\ndef save_checkpoint(state, is_best):\n    torch.save(state, \'checkpoint.pth.tar\')\n    if is_best:\n        shutil.copyfile(\'checkpoint.pth.tar\', \'model_best.pth.tar\')\n\n\nbest_prec1 = 0.\nfor epoch in range(40):\n    train(epoch)\n    prec1 = test()\n    is_best = prec1 > best_prec1\n    best_prec1 = max(prec1, best_prec1)\n    save_checkpoint({\'state_dict\': model.state_dict()}, is_best)\n',
      stage: 4,
      errors: [{ line: 39, message: 'best score on the test split' }],
    },
    {
      name: "a best score never updated after its `= 0`: the checkpoint is the last epoch's (bottom-up-attention-vqa; review 142)",
      code: 'import torch\nfrom torch import nn\n\nbest_eval_score = 0\nfor epoch in range(30):\n    model.train()\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        nn.functional.cross_entropy(model(x), y).backward()\n        optimizer.step()\n    eval_score = evaluate(model, eval_loader)\n    if eval_score > best_eval_score:\n        torch.save(model.state_dict(), "model.pth")\n',
      stage: 4,
      errors: [{ line: 5, message: 'saves checkpoints without picking the best one' }],
    },
    {
      name: 'hard negative: the same helper scoring the test views on every iteration',
      code: GSPLAT('    psnr_test = 0.0\n    for cam in scene.getTestCameras():\n        psnr_test += psnr(scene.gaussians.render(cam), cam.original_image).mean().double()\n    print(iteration, psnr_test / len(scene.getTestCameras()))\n'),
      stage: 4,
      errors: [{ line: 11, message: 'it evaluates on the test split only' }],
    },
    {
      name: 'hard negative: the same helper whose guard only tests that the views are there',
      code: GSPLAT('    if testing_iterations is not None:\n        psnr_test = 0.0\n        for cam in scene.getTestCameras():\n            psnr_test += psnr(scene.gaussians.render(cam), cam.original_image).mean().double()\n        print(iteration, psnr_test / len(scene.getTestCameras()))\n'),
      stage: 4,
      errors: [{ line: 11, message: 'it evaluates on the test split only' }],
    },
    {
      name: 'hard negative: the flag never reset saves every epoch after the first best (pytorch-maml as published)',
      code: MAML(''),
      stage: 4,
      errors: [{ line: 19, message: 'stop on the validation loss' }],
    },
    {
      name: "a best kept on `test(model, test_loader)` under a switch named for validation (`args.valid_freq`, Lottery Ticket; review 126)",
      code: LOTTERY_VALID('test_loader'),
      stage: 4,
      errors: [{ line: 9, message: 'best score on the test split' }],
    },
    {
      name: 'hard negative: the same BMN loop handed the test subset',
      code: BMN('test'),
      stage: 4,
      errors: [{ line: 14, message: 'best score on the test split' }],
    },
    {
      name: 'hard negative: the same best checkpoint on a loader named for the test split',
      code: ENTITY('test_data_loader'),
      stage: 4,
      errors: [{ line: 12, message: 'best score on the test split' }],
    },
    {
      name: "a save every few epochs under a switch named for validation is no best checkpoint (CenterNet's `opt.val_intervals`; review 118)",
      code: INTERVAL_SAVE('opt.val_intervals > 0 and epoch % opt.val_intervals == 0'),
      stage: 4,
      errors: [{ line: 6, message: 'saves checkpoints without picking the best one' }],
    },
    {
      name: "a best kept inline on the test loader's score, next to predictions named `pred_val` (a value, not a split; review 104)",
      code: SEMSEG('pred_val'),
      stage: 4,
      errors: [{ line: 18, message: 'best score on the test split' }],
    },
    {
      name: "the project's own `eval(self, valid_loader)` method, called each epoch (Noise2Noise; review 102)",
      code: N2N('valid_loss = self.eval(valid_loader)'),
      stage: 4,
      errors: [{ line: 11, message: 'stop on the validation loss' }],
    },
    {
      name: 'hard negative: the helper validates unconditionally',
      code: MONODEPTH('self.val()'),
      stage: 4,
      errors: [{ line: 6, message: 'stop on the validation loss: this loop always runs every epoch' }],
    },
    {
      name: 'hard negative: the same best kept on the test score',
      code: HF_METRICS('test_metrics_object'),
      stage: 4,
      errors: [{ line: 11, message: 'best score on the test split' }],
    },
    {
      name: 'a Lightning Trainer without an epoch limit (`max_epochs=-1`; review 105)',
      code: LIGHTNING.replace('max_epochs=100', 'max_epochs=-1'),
      stage: 4,
      errors: [{ line: 4, text: 'Trainer' }],
    },
    {
      name: 'hard negative: `fast_dev_run=False` is a real run',
      code: LIGHTNING.replace('max_epochs=100', 'max_epochs=100, fast_dev_run=False'),
      stage: 4,
      errors: [{ line: 4, text: 'Trainer' }],
    },
    {
      name: "a device named `weight_dev` is no dev split: the best is kept on the test split (Lottery Ticket; review 101)",
      code: LOTTERY('weight_dev = param.device'),
      stage: 4,
      errors: [{ line: 10, message: 'best score on the test split' }],
    },
    {
      name: 'hard negative: the same test() with its code running',
      code: DEAD_TEST('print("testing")'),
      stage: 4,
      errors: [{ line: 14, message: 'evaluates on the test split only' }],
    },
    {
      name: "the file's EarlyStopping fed the test loss each epoch (Informer forks, review 88): reported once, at the stop",
      code: FED_STOPPER('test_loss = evaluate(model, test_loader)'),
      stage: 4,
      errors: [{ line: 44, text: 'early_stopping.early_stop', message: 'stops when the score on the test split stops improving' }],
    },
    {
      name: "a Hugging Face Trainer keeping its best checkpoint on the dataset's test split (`load_best_model_at_end=True`, `eval_dataset=ds[\"test\"]`; rabbitredux, review 127)",
      code: HF_BEST('eval_ds = ds["test"]').replace('eval_dataset=eval_ds', 'eval_dataset=ds["test"]'),
      stage: 4,
      errors: [{ line: 6, text: 'load_best_model_at_end=True', message: 'keeps the checkpoint with the best score on the test split' }],
    },
    {
      name: "a scoring helper handed the validation loader each epoch (`check_accuracy(val_loader, model)`), checkpoints saved every epoch (yacchuang's Brain_Segmentation_3DUNET; review 129)",
      code: "import torch\n\n\ndef check_accuracy(loader, model):\n    model.eval()\n    dice = 0\n    with torch.no_grad():\n        for x, y in loader:\n            preds = (torch.sigmoid(model(x)) > 0.5).float()\n            dice += (2 * (preds * y).sum()) / ((preds + y).sum() + 1e-8)\n    print(dice / len(loader))\n    model.train()\n\n\nfor epoch in range(100):\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        loss = loss_fn(model(x), y)\n        loss.backward()\n        optimizer.step()\n        pass\n    torch.save(model.state_dict(), 'checkpoint.pth')\n    check_accuracy(val_loader, model)\n",
      stage: 4,
      errors: [{ line: 15, text: 'for epoch in range(100)', message: 'stop on the validation loss' }],
    },
    {
      name: "a best kept through a flag that compares the test loss (`is_best = test_loss < best_loss`, then `if is_best:`; sgrvinod's SSD, review 135)",
      code: 'import torch\nfrom torch import nn\nfrom torch.utils.data import DataLoader\nfrom datasets import VOCDataset\n\ntorch.manual_seed(0)\nmodel = nn.Sequential(nn.Conv2d(3, 8, 3, bias=False), nn.BatchNorm2d(8), nn.Flatten(), nn.LazyLinear(2))\noptimizer = torch.optim.SGD(model.parameters(), lr=1e-3, momentum=0.9, weight_decay=5e-4)\ncriterion = nn.CrossEntropyLoss()\n\ntrain_dataset = VOCDataset(\'./\', split=\'train\')\ntest_dataset = VOCDataset(\'./\', split=\'test\')\ntrain_loader = DataLoader(train_dataset, batch_size=8, shuffle=True)\ntest_loader = DataLoader(test_dataset, batch_size=8)\n\n\ndef test(test_loader, model):\n    model.eval()\n    total = 0.\n    with torch.no_grad():\n        for x, y in test_loader:\n            total += criterion(model(x), y).item()\n    return total / len(test_loader)\n\n\nbest_loss = 100.\nfor epoch in range(200):\n    model.train()\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        criterion(model(x), y).backward()\n        optimizer.step()\n    test_loss = test(test_loader, model)\n    is_best = test_loss < best_loss\n    best_loss = min(test_loss, best_loss)\n    if is_best:\n        torch.save(model.state_dict(), \'BEST_checkpoint.pth\')\n',
      files: { 'datasets.py': 'class VOCDataset:\n    pass\n' },
      stage: 4,
      errors: [{ line: 36, text: 'is_best', message: 'keeps the checkpoint with the best score on the test split' }],
    },
    {
      name: "the helper fed the test loss that Informer's `vali` evaluation computes on the test data: the data names the split, not the function (review 130)",
      code: FED_STOPPER('test_loss = vali(test_data, test_loader)').replace('def evaluate(', 'def vali(data, '),
      stage: 4,
      errors: [{ line: 44, text: 'early_stopping.early_stop', message: 'stops when the score on the test split stops improving' }],
    },
    {
      name: 'the same helper without the stop: it keeps the checkpoint with the best test score',
      code: FED_STOPPER('loss = evaluate(model, test_loader)', ''),
      stage: 4,
      errors: [{ line: 43, text: 'early_stopping(loss, model)', message: 'keeps the checkpoint with the best score on the test split' }],
    },
    {
      name: "the best checkpoint kept in the module-level epoch loop on what test(epoch) over the test loader returns (pytorch-cifar's variant)",
      code: BEST_IN_LOOP(TEST_OVER('testloader'), 'test(epoch)'),
      stage: 4,
      errors: [{ line: 20, text: 'acc > best_acc', message: 'keeps the checkpoint with the best score on the test split' }],
    },
    {
      name: 'the best checkpoint kept in the module-level epoch loop on evaluate(net, testloader)',
      code: BEST_IN_LOOP(EVALUATE, 'evaluate(net, testloader)'),
      stage: 4,
      errors: [{ line: 17, text: 'acc > best_acc', message: 'keeps the checkpoint with the best score on the test split' }],
    },
    {
      name: 'hard negative: the same pass also computes a score against the held-out pixels (PSNR)',
      code: "import torch\nimport torch.nn as nn\nimport matplotlib.pyplot as plt\nimport numpy as np\nfrom torch.utils.data import DataLoader\n\n\n@torch.no_grad()\ndef test(dataset, img_index=0):\n    # renders a held-out view for viewing; compares nothing with ground truth\n    rays = dataset[img_index * 100: (img_index + 1) * 100, :6].to(device)\n    img = model(rays).cpu().numpy()\n    plt.imsave(f'novel_views/img_{img_index}.png', img)\n    mse = ((img - dataset[img_index * 100: (img_index + 1) * 100, 6:].numpy()) ** 2).mean()\n    print(f'PSNR {-10 * np.log10(mse):.2f}')\n\n\ndef train(nerf_model, optimizer, data_loader, nb_epochs=16):\n    for _ in range(nb_epochs):\n        for batch in data_loader:\n            pred = nerf_model(batch[:, :6].to(device))\n            loss = ((batch[:, 6:].to(device) - pred) ** 2).sum()\n            optimizer.zero_grad()\n            loss.backward()\n            optimizer.step()\n        for img_index in range(200):\n            test(testing_dataset, img_index=img_index)\n\n\nif __name__ == '__main__':\n    device = 'cuda'\n    torch.manual_seed(0)\n    training_dataset = torch.load('training_data.pt')\n    testing_dataset = torch.load('testing_data.pt')\n    model = nn.Sequential(nn.Linear(6, 128), nn.ReLU(), nn.Linear(128, 3)).to(device)\n    optimizer = torch.optim.AdamW(model.parameters(), lr=5e-4)\n    data_loader = DataLoader(training_dataset, batch_size=1024, shuffle=True)\n    train(model, optimizer, data_loader)\n",
      stage: 4,
      errors: [{ line: 19, text: 'for _ in range(nb_epochs)' }],
    },
    {
      name: 'rounds of iterative pruning around train(…, n_epochs): the epoch loop inside train() is reported, not the loop of rounds (review 81)',
      code: "import torch\nimport torch.nn as nn\nimport torch.optim as optim\nimport torchvision.transforms as transforms\nfrom torch.utils.data import DataLoader\nfrom torchvision.datasets import MNIST\n\ntorch.manual_seed(0)\n\n\ndef test(model, test_dataset):\n    model.eval()\n    n_correct, n_total = 0, 0\n    with torch.no_grad():\n        for inputs, labels in test_dataset:\n            outputs = model(inputs.view(-1, 784))\n            n_correct += (outputs.argmax(1) == labels).sum().item()\n            n_total += len(inputs)\n    print(n_correct / n_total)\n\n\ndef train_epoch(model, masks, train_dataset, optimizer, criterion, layers):\n    model.train()\n    for inputs, labels in train_dataset:\n        loss = criterion(model(inputs.view(-1, 784)), labels)\n        optimizer.zero_grad()\n        loss.backward()\n        optimizer.step()\n        for l in range(len(layers)):\n            layers[l].weight.data *= masks[l]\n\n\ndef train(model, layers, masks, n_epochs, optimizer, criterion, train_dataset, test_dataset):\n    for e in range(n_epochs):\n        train_epoch(model, masks, train_dataset, optimizer, criterion, layers)\n        test(model, test_dataset)\n\n\ndef main():\n    train_dataset = DataLoader(MNIST('data', train=True, transform=transforms.ToTensor()), batch_size=256, shuffle=True)\n    test_dataset = DataLoader(MNIST('data', train=False, transform=transforms.ToTensor()), batch_size=256)\n    fc1, fc2 = nn.Linear(784, 300), nn.Linear(300, 10)\n    model = nn.Sequential(fc1, nn.ReLU(), fc2)\n    layers = [fc1, fc2]\n    optimizer = optim.SGD(model.parameters(), lr=0.1, weight_decay=1e-4)\n    criterion = nn.CrossEntropyLoss()\n    masks = [torch.ones_like(l.weight) for l in layers]\n    weights_k = [l.weight.data.clone() for l in layers]\n\n    # iterative magnitude pruning: each round trains, prunes, rewinds\n    for round_num in range(5):\n        train(model, layers, masks, 10, optimizer, criterion, train_dataset, test_dataset)\n        for l in range(len(layers)):\n            w = layers[l].weight.data.abs()\n            r = w[masks[l] > 0].view(-1).sort().values[int(0.2 * (masks[l] > 0).sum().item())]\n            masks[l][w * masks[l] < r] = 0\n        test(model, test_dataset)\n        for l in range(len(layers)):\n            layers[l].weight.data = weights_k[l] * masks[l]\n\n\nif __name__ == '__main__':\n    main()\n",
      stage: 4,
      errors: [{ line: 34, text: 'for e in range(n_epochs)' }],
    },
    {
      name: 'hard negative: an epoch loop around a function whose counted loop runs steps, not epochs (for step in range(steps): next(it))',
      code: "import torch\nimport torch.nn as nn\n\ntorch.manual_seed(0)\nmodel = nn.Sequential(nn.Linear(8, 16), nn.Dropout(0.1), nn.Linear(16, 2))\noptimizer = torch.optim.AdamW(model.parameters(), lr=3e-4)\n\n\ndef train_epoch(loader, steps):\n    it = iter(loader)\n    for step in range(steps):\n        x, y = next(it)\n        optimizer.zero_grad()\n        nn.functional.cross_entropy(model(x), y).backward()\n        optimizer.step()\n\n\ndef evaluate(loader):\n    model.eval()\n    with torch.no_grad():\n        return sum(nn.functional.cross_entropy(model(x), y).item() for x, y in loader)\n\n\nfor epoch in range(100):\n    model.train()\n    train_epoch(train_loader, 500)\n    print(evaluate(val_loader))\n",
      stage: 4,
      errors: [{ line: 24, text: 'for epoch in range(100)' }],
    },
    {
      name: 'hard negative: the same curve returned, but the caller only prints it (no best epoch picked)',
      code: CALLER(KEEP_VAL, 'print(average_list)\n    print(min(runs, 3))'),
      stage: 4,
      errors: [{ line: 11, text: 'for epoch in range(epochs)' }],
    },
    {
      name: "hard negative: the list returned and minimised holds the training loss, not the validation's",
      code: CALLER('loss_list.append(loss.item())', 'print(average_list.index(min(average_list)))'),
      stage: 4,
      errors: [{ line: 11, text: 'for epoch in range(epochs)' }],
    },
    {
      name: 'hard negative: the same running best, of an evaluation over the test loader',
      code: "import torch\nfrom torch import nn\n\ntorch.manual_seed(0)\nmodel = nn.Sequential(nn.Linear(10, 10), nn.Dropout(0.1), nn.Linear(10, 2))\noptimizer = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=0.05)\n\n\n@torch.no_grad()\ndef evaluate(loader):\n    model.eval()\n    correct = 0\n    for x, y in loader:\n        correct += (model(x).argmax(1) == y).sum().item()\n    return correct\n\n\nmax_accuracy = 0.0\nfor epoch in range(50):\n    model.train()\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        nn.functional.cross_entropy(model(x), y).backward()\n        optimizer.step()\n    test_stats = evaluate(data_loader_test)\n    max_accuracy = max(max_accuracy, test_stats[\"acc1\"])\n    print(f\"Max accuracy: {max_accuracy:.2f}%\")\n",
      stage: 4,
      errors: [{ line: 19, text: 'for epoch in range(50)' }],
    },
    {
      name: 'hard negative: an `if` before the validation that does not skip it',
      code: "import torch\nimport torch.nn as nn\n\ntorch.manual_seed(0)\nmodel = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 2))\noptimizer = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=0.01)\n\n\ndef main(args, train_dataloader, val_dataloader):\n    for epoch in range(args.max_epoch):\n        for x, y in train_dataloader:\n            optimizer.zero_grad()\n            loss = (model(x) - y).pow(2).mean()\n            loss.backward()\n            optimizer.step()\n        if (epoch + 1) % args.ckpt_freq_epoch == 0:\n            torch.save(model.state_dict(), f'epoch_{epoch+1}.pth')\n\n        if epoch % 2 == 0:\n            print('even epoch')\n        model.eval()\n        with torch.no_grad():\n            for x, y in val_dataloader:\n                val_loss = (model(x) - y).pow(2).mean()\n                print(val_loss.item())\n        model.train()\n",
      stage: 4,
      errors: [{ line: 10, text: 'for epoch in range(args.max_epoch)' }],
    },
    {
      name: 'hard negative: the same loop, but train_model is handed the model and only builds the optimizer (one epoch per iteration)',
      code: ROUNDS('model'),
      stage: 4,
      errors: [{ text: 'for _round in range(100)' }],
    },
    {
      name: "hard negative: the best score of the training or test curve, or a running maximum of two values, taken after the loop",
      code: CURVES("best = 0\nprint(max(train_curve), np.max(test_curve), max(valid_curve[-1], 0.5))"),
      stage: 4,
      errors: [{ line: 4, text: 'for epoch in range(100)' }],
    },
    {
      name: "hard negative: OGB's Logger printing the last epoch's row",
      code: OGB_MAIN('logger.add_result(run, result)', 'logger.print_statistics(run)'),
      files: { 'logger.py': OGB_LOGGER("        print(f'   Final Test: {result[-1, 2]:.2f}')\n") },
      stage: 4,
      errors: [{ line: 10, text: 'for epoch in range(1, 501)' }],
    },
    {
      name: 'hard negative: the best of rows, not of a column (`r[1:].argmax()`), and the row read in the same column',
      code: OGB_MAIN('results.append(result)', 'r = torch.tensor(results)\n        print(r[r[1:].argmax(), 2], r[r[:, 1].argmax(), 1])').replace('logger = Logger(10)', 'results = []'),
      stage: 4,
      errors: [{ line: 10, text: 'for epoch in range(1, 501)' }],
    },
    {
      name: 'hard negative: the epoch picked on the training scores after the loop',
      code: CURVES('best = np.argmin(np.array(train_curve))'),
      stage: 4,
      errors: [{ line: 4, text: 'for epoch in range(100)' }],
    },
    {
      name: 'a patience stop counting epochs without improvement on the test split (deep-forecasting, Informer forks): reported once, at the stop',
      code: PATIENCE('test'),
      stage: 4,
      errors: [{ line: 19, text: 'epochs_no_improve == 5', message: 'stops when the score on the test split stops improving' }],
    },
    {
      name: 'the training loop under a flag (`if "--val" not in sys.argv:`) saving every epoch: the flag picks no checkpoint',
      code: 'import sys\nimport torch\n\nif "--val" not in sys.argv:\n    for epoch in range(14):\n        for x, y in train_loader:\n            optimizer.zero_grad()\n            criterion(model(x), y).backward()\n            optimizer.step()\n        print(evaluate(model, val_loader))\n        torch.save(model.state_dict(), "model.pth")\n',
      stage: 4,
      errors: [{ line: 5, message: 'saves checkpoints without picking the best one' }],
    },
    {
      name: "a plateau scheduler's `patience=`: it lowers the rate, it stops nothing",
      code: `import torch\n\nscheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode="min", factor=0.5, patience=5)\n${EPOCHS}`,
      stage: 4,
      errors: [{ line: 4, message: 'stop on the validation loss' }],
    },
    {
      name: "timm's `--patience-epochs` (DeiT, Swin): the plateau scheduler's patience",
      code: `import argparse\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--patience-epochs", type=int, default=10, metavar="N", help="patience epochs for Plateau LR scheduler (default: 10")\nargs = parser.parse_args()\nscheduler = create_scheduler(optimizer, patience_epochs=args.patience_epochs)\n${EPOCHS}`,
      stage: 4,
      errors: [{ line: 7, message: 'stop on the validation loss' }],
    },
    {
      name: "an epoch whose training step is a loss scaler's call (timm's NativeScaler in MAE's and Swin's engine: loss_scaler(loss, optimizer, …))",
      code: 'import torch\nfrom timm.utils import NativeScaler\nfrom engine import train_one_epoch, evaluate\n\nloss_scaler = NativeScaler()\noptimizer = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=0.05)\nfor epoch in range(100):\n    train_one_epoch(model, criterion, train_loader, optimizer, loss_scaler)\n    print(evaluate(model, val_loader))\n',
      files: { 'engine.py': SCALED_ENGINE + '\n\n@torch.no_grad()\ndef evaluate(model, loader):\n    model.eval()\n    return sum(model(x).sum().item() for x, _ in loader)\n' },
      stage: 4,
      errors: [{ line: 7, message: 'stop on the validation loss' }],
    },
    {
      name: "an epoch of training written in another file of the project (DETR's main.py: train_one_epoch from engine.py), validated every epoch",
      code: 'from engine import train_one_epoch, evaluate\n\nfor epoch in range(300):\n    train_one_epoch(model, criterion, train_loader, optimizer)\n    print(evaluate(model, val_loader))\n',
      files: { 'engine.py': ENGINE },
      stage: 4,
      errors: [{ line: 3, message: 'stop on the validation loss: this loop always runs every epoch and keeps the last weights.' }],
    },
    {
      name: 'the same through the module (import engine; engine.train_one_epoch(…))',
      code: 'import engine\n\nfor epoch in range(300):\n    engine.train_one_epoch(model, criterion, train_loader, optimizer)\n    print(engine.evaluate(model, val_loader))\n',
      files: { 'engine.py': ENGINE },
      stage: 4,
      errors: [{ line: 3, message: 'stop on the validation loss' }],
    },
    {
      name: 'checkpoints saved every epoch through a helper of another project file (utils.save_on_master, torchvision references)',
      code: 'import torch\nimport utils\n\nfor epoch in range(30):\n    for x, y in train_loader:\n        opt.zero_grad()\n        criterion(model(x), y).backward()\n        opt.step()\n    print(evaluate(model, val_loader))\n    utils.save_on_master({"model": model.state_dict()}, f"model_{epoch}.pth")\n',
      files: { 'utils.py': 'import torch\n\n\ndef save_on_master(*args, **kwargs):\n    torch.save(*args, **kwargs)\n' },
      stage: 4,
      errors: [{ line: 4, message: 'saves checkpoints without picking the best one on the validation loss' }],
    },
    {
      name: "a loader named for the test split that reads the validation split (torchvision's references): the plain message",
      code: vocLoop('val'),
      stage: 4,
      errors: [{ line: 12, message: 'stop on the validation loss: this loop always runs every epoch and keeps the last weights.' }],
    },
    {
      name: 'hard negative: the same loader over the test split gets the test-split message',
      code: vocLoop('test'),
      stage: 4,
      errors: [{ line: 12, message: 'it evaluates on the test split only' }],
    },
    {
      name: 'hard negative: a validation step whose model brings its own val_dataloader',
      code: `import pytorch_lightning as pl\nfrom torch.utils.data import DataLoader\n\n\nclass Learner(pl.LightningModule):\n    def training_step(self, batch, batch_idx):\n        return self.loss(batch)\n\n    def validation_step(self, batch, batch_idx):\n        self.log("val_loss", self.loss(batch))\n\n    def val_dataloader(self):\n        return DataLoader(val_ds, batch_size=8)\n\n\ntrain_loader = DataLoader(ds, batch_size=8, shuffle=True)\ntrainer = pl.Trainer(max_epochs=50)\ntrainer.fit(Learner(), train_loader)\n`,
      stage: 4,
      errors: [{ text: 'pl.Trainer' }],
    },
    {
      name: "the only best checkpoint is kept on the test split (pytorch-cifar's test(epoch) over testloader)",
      code: "import torch\n\nbest_acc = 0\n\n\ndef test(epoch):\n    global best_acc\n    correct = 0\n    with torch.no_grad():\n        for x, y in testloader:\n            correct += (net(x).argmax(1) == y).sum().item()\n    acc = correct / 100\n    if acc > best_acc:\n        torch.save(net.state_dict(), \"./checkpoint/ckpt.pth\")\n        best_acc = acc\n\n\nfor epoch in range(200):\n    for x, y in trainloader:\n        optimizer.zero_grad()\n        criterion(net(x), y).backward()\n        optimizer.step()\n    test(epoch)\n",
      stage: 4,
      errors: [{ line: 13, text: 'acc > best_acc', message: 'keeps the checkpoint with the best score on the test split' }],
    },
    {
      name: 'the test split evaluated every epoch, no validation split (PyG mutag_gin): stopping on it would pick the model on the test set',
      code: `import torch\n\n\ndef test(loader):\n    model.eval()\n    return sum(int((model(x).argmax(-1) == y).sum()) for x, y in loader)\n\n\nfor epoch in range(100):\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        criterion(model(x), y).backward()\n        optimizer.step()\n    train_acc = test(train_loader)\n    test_acc = test(test_loader)\n`,
      stage: 4,
      errors: [{ line: 9, message: 'it evaluates on the test split only. Hold out a validation split' }],
    },
    {
      name: "the PyTorch MNIST example's shape: test(model, device, test_loader) every epoch",
      code: `import torch\n\n\ndef test(model, device, test_loader):\n    model.eval()\n    with torch.no_grad():\n        for x, y in test_loader:\n            print(model(x))\n\n\nfor epoch in range(100):\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        criterion(model(x), y).backward()\n        optimizer.step()\n    test(model, device, test_loader)\n`,
      stage: 4,
      errors: [{ line: 11, text: 'for epoch in range(100)', message: 'test split only' }],
    },
    {
      name: 'a k-fold loop: reported at the epoch loop inside it, not at the loop over folds',
      code: `import torch\n\nfor fold, (tr, va) in enumerate(kf.split(X)):\n    model = Net()\n    for epoch in range(100):\n        for x, y in train_loader:\n            optimizer.zero_grad()\n            criterion(model(x), y).backward()\n            optimizer.step()\n        evaluate(model, val_loader)\n`,
      stage: 4,
      errors: [{ line: 5, text: 'for epoch in range(100)' }],
    },
    {
      name: 'continual learning: the loop over tasks calls the training, whose own epoch loop is reported; hard negative: range(config.epochs) is an epoch loop',
      code: `import torch\n\n\ndef train(model, loader):\n    for it in range(config.epochs):\n        for x, y in loader:\n            optimizer.zero_grad()\n            criterion(model(x), y).backward()\n            optimizer.step()\n        print(evaluate(model, val_loader))\n\n\nfor task_id in range(args.n_tasks):\n    train(model, loaders[task_id])\n    print(evaluate(model, val_loader))\n`,
      stage: 4,
      errors: [{ line: 5, text: 'for it in range(config.epochs)' }],
    },
    {
      name: 'hard negative: a function named test that evaluates the validation split; the validation and the test split both evaluated',
      code: `import torch\n\n\ndef test(loader):\n    return sum(int((model(x).argmax(-1) == y).sum()) for x, y in loader)\n\n\nfor epoch in range(100):\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        criterion(model(x), y).backward()\n        optimizer.step()\n    val_acc = test(val_loader)\n    test_acc = test(test_loader)\n`,
      stage: 4,
      errors: [{ line: 8, message: 'this loop always runs every epoch and keeps the last weights' }],
    },
    {
      name: 'validation every epoch next to a test every 10 epochs',
      code: `import torch\n\nfor epoch in range(100):\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        criterion(model(x), y).backward()\n        optimizer.step()\n    evaluate(model, valid_loader)\n    if epoch % 10 == 0:\n        evaluate(model, test_loader)\n`,
      stage: 4,
      errors: [{ line: 3 }],
    },
    {
      name: 'hard negative: an evaluation handed a split by name ("valid") validates',
      code: `import torch\n\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\nfor epoch in range(100):\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        loss_fn(model(x), y).backward()\n        optimizer.step()\n    print(evaluate(model, "valid"))\n`,
      stage: 4,
      errors: [{ line: 4, text: 'for epoch in range(100)' }],
    },
    {
      name: 'a notebook with two models: only the trainer whose model validates is asked for early stopping',
      code: `import lightning as L\nimport torch\n\n\nclass Plain(L.LightningModule):\n    def training_step(self, batch, i):\n        return self.loss(batch)\n\n    def configure_optimizers(self):\n        return torch.optim.Adam(self.parameters(), lr=3e-4)\n\n\nclass Validated(L.LightningModule):\n    def training_step(self, batch, i):\n        return self.loss(batch)\n\n    def validation_step(self, batch, i):\n        self.log('val_loss', self.loss(batch))\n\n    def configure_optimizers(self):\n        return torch.optim.Adam(self.parameters(), lr=3e-4)\n\n\ntrainer = L.Trainer(max_epochs=3)\ntrainer.fit(Plain(), train_loader)\n\ntrainer2 = L.Trainer(max_epochs=30)\ntrainer2.fit(Validated(), train_loader, val_loader)\n`,
      stage: 4,
      errors: [{ line: 27, text: 'L.Trainer' }],
    },
    { name: 'an epoch loop without early stopping, stage 4', code: EPOCHS, stage: 4, errors: [{ line: 1, text: 'for epoch in range(100)', message: 'In stage 4 (regularize), stop on the validation loss' }] },
    {
      name: 'hard negative: a result recorded at the best training loss, not a validation metric',
      code: `best_loss = 1e9\nfor epoch in range(100):\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        loss = criterion(model(x), y)\n        loss.backward()\n        optimizer.step()\n    acc = evaluate(model, val_loader)\n    if loss < best_loss:\n        best_loss = loss\n        acc_at_best = acc\n`,
      stage: 4,
      errors: [{ line: 2, text: 'for epoch in range(100)' }],
    },
    {
      name: 'epochs through tqdm, stage 6',
      code: `from tqdm import tqdm\n\nfor epoch in tqdm(range(args.epochs)):\n    train_one_epoch(model, train_loader, optimizer)\n    validate(model, val_loader)\n\n\ndef train_one_epoch(model, loader, optimizer):\n    for x, y in loader:\n        optimizer.zero_grad()\n        criterion(model(x), y).backward()\n        optimizer.step()\n`,
      stage: 6,
      errors: [{ line: 3, message: 'In stage 6 (squeeze)' }],
    },
    {
      name: 'hard negative: one caller runs one epoch, another ten',
      code: `def train(num_epochs, model, optimizer, train_loader, val_loader):\n    for epoch in range(num_epochs):\n        for x, y in train_loader:\n            optimizer.zero_grad()\n            criterion(model(x), y).backward()\n            optimizer.step()\n        print(epoch, evaluate(model, val_loader))\n\n\ntrain(1, model, optimizer, train_loader, val_loader)\ntrain(10, model, optimizer, train_loader, val_loader)\n`,
      stage: 4,
      errors: [{ line: 2, text: 'for epoch in range(num_epochs)' }],
    },
    {
      name: 'hard negative: a helper called on a better validation loss that saves nothing',
      code: `def note_best(loss):\n    print("new best", loss)\n\n\nstored_loss = 1e8\nfor epoch in range(100):\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        criterion(model(x), y).backward()\n        optimizer.step()\n    val_loss = evaluate(model, val_loader)\n    if val_loss < stored_loss:\n        note_best(val_loss)\n        stored_loss = val_loss\n`,
      stage: 4,
      errors: [{ line: 6, text: 'for epoch in range(100)' }],
    },
    {
      name: 'the test function saves a checkpoint every epoch, not the best one',
      code: `import torch\n\n\ndef test(epoch):\n    acc = accuracy_on(val_loader)\n    print(acc)\n    torch.save(model.state_dict(), f"ckpt_{epoch}.pth")\n\n\nfor epoch in range(200):\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        criterion(model(x), y).backward()\n        optimizer.step()\n    test(epoch)\n`,
      stage: 4,
      errors: [{ line: 10, message: "this loop always runs every epoch and saves checkpoints without picking the best one on the validation loss" }],
    },
    {
      name: 'validation inline, under torch.no_grad()',
      code: `import torch\n\nfor epoch in range(50):\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        criterion(model(x), y).backward()\n        optimizer.step()\n    with torch.no_grad():\n        val = sum(criterion(model(x), y).item() for x, y in val_loader)\n    print(val)\n`,
      stage: 4,
      errors: [{ line: 3 }],
    },
    { name: 'a Lightning Trainer without stopping or monitored checkpoint', code: LIGHTNING, stage: 4, errors: [{ text: 'Trainer', message: 'EarlyStopping(monitor="val_loss")' }] },
    { name: 'hard negative: a Lightning Trainer for two epochs', code: LIGHTNING.replace('max_epochs=100', 'max_epochs=2'), stage: 4, errors: [{ text: 'Trainer', message: 'EarlyStopping(monitor="val_loss")' }] },
    {
      name: 'the monitor it suggests is the key the model logs its validation loss under',
      code: `import lightning as L\n\n\nclass Tagger(L.LightningModule):\n    def validation_step(self, batch, i):\n        self.log("validation_acc", self.acc(batch))\n        self.log("validation_loss", self.loss(batch))\n\n\ntrainer = L.Trainer(max_epochs=30)\ntrainer.fit(Tagger(), train_loader, val_loader)\n`,
      stage: 4,
      errors: [{ text: 'L.Trainer', message: 'EarlyStopping(monitor="validation_loss")` and a `ModelCheckpoint(monitor="validation_loss")' }],
    },
    {
      name: 'a Lightning model of the file with a validation step',
      code: `import pytorch_lightning as pl\n\n\nclass Learner(pl.LightningModule):\n    def training_step(self, batch, batch_idx):\n        return self.loss(batch)\n\n    def validation_step(self, batch, batch_idx):\n        self.log("val_loss", self.loss(batch))\n\n\ntrainer = pl.Trainer(max_epochs=50)\ntrainer.fit(Learner(), train_loader)\n`,
      stage: 4,
      errors: [{ text: 'pl.Trainer' }],
    },
    {
      name: 'a Lightning Trainer with no callbacks at all',
      code: `import pytorch_lightning as pl\n\ntrainer = pl.Trainer(max_epochs=50)\ntrainer.fit(model, train_loader, val_loader)\n`,
      stage: 5,
      errors: [{ text: 'pl.Trainer' }],
    },
  ],
});
